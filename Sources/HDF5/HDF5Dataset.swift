internal import CHDF5

/// An open HDF5 dataset: reads whole, appends along the first dimension when extendable.
public final class HDF5Dataset: HDF5Object {
    /// Current dimensions (`[]` for a scalar).
    public func shape() throws(HDF5Error) -> [Int] {
        silenceHDF5()
        try requireOpen("read shape")
        let space = try checked(H5Dget_space(id), "read shape", path)
        defer { _ = H5Sclose(space) }
        return try spaceDims(space, path)
    }

    /// Number of elements (1 for a scalar); an error when the dimensions overflow or exceed
    /// `hdf5MaxElementsPerRead` (a damaged file).
    public func count() throws(HDF5Error) -> Int { try checkedElementCount(shape(), path) }

    /// Refuses a contiguous dataset whose stored bytes cannot hold `count` elements of
    /// `elementBytes` (a damaged header claiming more data than the file has).
    private func checkStorage(count: Int, elementBytes: Int) throws(HDF5Error) {
        let plist = H5Dget_create_plist(id)
        guard plist >= 0 else { throw HDF5Error(operation: "read layout", object: path, stack: takeErrorStack()) }
        defer { _ = H5Pclose(plist) }
        guard H5Pget_layout(plist) == H5D_CONTIGUOUS, count > 0 else { return }
        let stored = Int(H5Dget_storage_size(id))
        guard stored >= count * elementBytes else {
            throw HDF5Error(operation: "read dataset", object: path,
                            reason: "the header claims \(count) elements but only \(stored) bytes are stored: the file is damaged")
        }
    }

    /// The kind of element stored.
    public func elementType() throws(HDF5Error) -> HDF5ElementType {
        silenceHDF5()
        try requireOpen("read type")
        let type = try checked(H5Dget_type(id), "read type", path)
        defer { _ = H5Tclose(type) }
        return try HDF5.elementType(ofType: type, path)
    }

    /// All elements as doubles, row-major (integers are converted by HDF5).
    public func readDoubles() throws(HDF5Error) -> [Double] {
        try readNumeric(Double(0), type: chdf5_t_native_double())
    }

    /// All elements as 64-bit integers, row-major.
    public func readInt64s() throws(HDF5Error) -> [Int64] {
        guard try elementType() == .int64 else {
            throw HDF5Error(operation: "read dataset", object: path, reason: "expected integers, found \(try elementType())")
        }
        return try readNumeric(Int64(0), type: chdf5_t_native_int64())
    }

    /// The single value of a scalar (or one-element) numeric dataset.
    public func readDouble() throws(HDF5Error) -> Double {
        let values = try readDoubles()
        guard values.count == 1 else {
            throw HDF5Error(operation: "read dataset", object: path, reason: "expected one value, found \(values.count)")
        }
        return values[0]
    }

    /// All elements as strings (fixed- or variable-length).
    public func readStrings() throws(HDF5Error) -> [String] {
        silenceHDF5()
        try requireOpen("read dataset")
        let type = try checked(H5Dget_type(id), "read dataset", path)
        defer { _ = H5Tclose(type) }
        guard try HDF5.elementType(ofType: type, path) == .string else {
            throw HDF5Error(operation: "read dataset", object: path, reason: "expected strings")
        }
        let space = try checked(H5Dget_space(id), "read dataset", path)
        defer { _ = H5Sclose(space) }
        let elementBytes = H5Tis_variable_str(type) > 0 ? 8 : max(H5Tget_size(type), 1)
        let count = try checkedElementCount(try spaceDims(space, path), elementBytes: elementBytes, path)
        try checkStorage(count: count, elementBytes: elementBytes)
        let d = id
        return try HDF5.readStrings(fileType: type, count: count, space: space, path) {
            H5Dread(d, $0, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), $1)
        }
    }

    /// Appends rows of doubles to an extendable dataset; `values.count` must be a multiple of
    /// the row size. The new rows reach the file when it is flushed or closed.
    public func append(doubles values: [Double]) throws(HDF5Error) {
        try appendRows(values, type: chdf5_t_native_double())
    }

    /// Appends rows of integers to an extendable dataset.
    public func append(int64s values: [Int64]) throws(HDF5Error) {
        try appendRows(values, type: chdf5_t_native_int64())
    }

    private func readNumeric<T>(_ zero: T, type: hid_t) throws(HDF5Error) -> [T] {
        silenceHDF5()
        try requireOpen("read dataset")
        let n = try count()
        let fileType = try checked(H5Dget_type(id), "read type", path)
        let fileElementBytes = H5Tget_size(fileType)
        _ = H5Tclose(fileType)
        try checkStorage(count: n, elementBytes: max(fileElementBytes, 1))
        var values = [T](repeating: zero, count: n)
        if n == 0 { return values }
        try checked(status: values.withUnsafeMutableBytes {
            H5Dread(id, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), $0.baseAddress)
        }, "read dataset", path)
        return values
    }

    private func appendRows<T>(_ values: [T], type: hid_t) throws(HDF5Error) {
        silenceHDF5()
        try requireOpen("append")
        let dims = try shape()
        guard let rows = dims.first else {
            throw HDF5Error(operation: "append", object: path, reason: "a scalar dataset cannot grow")
        }
        let rowSize = dims.dropFirst().reduce(1, *)
        guard rowSize > 0, values.count % rowSize == 0 else {
            throw HDF5Error(operation: "append", object: path,
                            reason: "\(values.count) values do not fill whole rows of \(rowSize)")
        }
        let newRows = values.count / rowSize
        if newRows == 0 { return }
        let newDims = ([rows + newRows] + dims.dropFirst()).map { hsize_t($0) }
        try checked(status: newDims.withUnsafeBufferPointer { H5Dset_extent(id, $0.baseAddress) }, "extend", path)
        let fileSpace = try checked(H5Dget_space(id), "append", path)
        defer { _ = H5Sclose(fileSpace) }
        let start = ([rows] + dims.dropFirst().map { _ in 0 }).map { hsize_t($0) }
        let count = ([newRows] + dims.dropFirst()).map { hsize_t($0) }
        try checked(status: start.withUnsafeBufferPointer { s in
            count.withUnsafeBufferPointer { c in H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, s.baseAddress, nil, c.baseAddress, nil) }
        }, "select rows", path)
        let memSpace = try makeSpace(count.map { Int($0) }, path)
        defer { _ = H5Sclose(memSpace) }
        try checked(status: values.withUnsafeBytes {
            H5Dwrite(id, type, memSpace, fileSpace, chdf5_p_default(), $0.baseAddress)
        }, "append", path)
    }
}
