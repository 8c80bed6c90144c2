internal import CHDF5

/// An open HDF5 group: creates and opens child groups and datasets.
public class HDF5Group: HDF5Object {
    // MARK: Links

    /// True when `name` (a child name or a relative path "a/b") exists.
    public func contains(_ name: String) throws(HDF5Error) -> Bool {
        silenceHDF5()
        try requireOpen("look up")
        var prefix = ""
        for part in name.split(separator: "/") {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            if !(try checked(tri: H5Lexists(id, prefix, chdf5_p_default()), "look up", childPath(prefix))) { return false }
        }
        return !prefix.isEmpty
    }

    /// Names of the direct children (groups and datasets), in name order.
    public func childNames() throws(HDF5Error) -> [String] {
        silenceHDF5()
        try requireOpen("list group")
        return try NameCollector.collect("list group", path) { context in
            var index: hsize_t = 0
            return H5Literate(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, data in NameCollector.add(name, data) }, context)
        }
    }

    /// True when the child `name` is a group (false for a dataset); throws when absent.
    public func isGroup(_ name: String) throws(HDF5Error) -> Bool {
        silenceHDF5()
        try requireOpen("open object")
        let object = try checked(H5Oopen(id, name, chdf5_p_default()), "open object", childPath(name))
        defer { closeAny(object) }
        return H5Iget_type(object) == H5I_GROUP
    }

    /// Removes the link `name` (the space is reclaimed only when the file is rewritten).
    public func removeChild(_ name: String) throws(HDF5Error) {
        silenceHDF5()
        try requireOpen("remove")
        try checked(status: H5Ldelete(id, name, chdf5_p_default()), "remove", childPath(name))
    }

    /// Copies the child `name` (group or dataset, with everything below it and its
    /// attributes) into `destination` under `newName` — possibly in another file.
    public func copyChild(_ name: String, to destination: HDF5Group, as newName: String? = nil) throws(HDF5Error) {
        silenceHDF5()
        try requireOpen("copy")
        try destination.requireOpen("copy")
        try checked(status: H5Ocopy(id, name, destination.id, newName ?? name, chdf5_p_default(), chdf5_p_default()),
                    "copy", childPath(name))
    }

    /// Creates the link `name` to `object` (an absolute path such as `/calculations/x`) in
    /// another HDF5 file, `file` — a path relative to this file's folder, as HDF5 resolves it
    /// on access from the parent file's directory. h5py reads it as an `ExternalLink`.
    public func createExternalLink(_ name: String, file: String, object: String) throws(HDF5Error) {
        silenceHDF5()
        try requireOpen("create external link")
        try checked(status: H5Lcreate_external(file, object, id, name, chdf5_p_default(), chdf5_p_default()),
                    "create external link", childPath(name))
    }

    // MARK: Groups

    /// Creates a child group; fails if the name exists.
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        silenceHDF5()
        try requireOpen("create group")
        let g = try checked(H5Gcreate2(id, name, chdf5_p_default(), chdf5_p_default(), chdf5_p_default()),
                            "create group", childPath(name))
        return HDF5Group(id: g, path: childPath(name))
    }

    /// Opens a child group (or a relative path "a/b").
    public func openGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        silenceHDF5()
        try requireOpen("open group")
        let g = try checked(H5Gopen2(id, name, chdf5_p_default()), "open group", childPath(name))
        return HDF5Group(id: g, path: childPath(name))
    }

    /// Opens the child group, creating it when absent.
    public func openOrCreateGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        try contains(name) ? openGroup(name) : createGroup(name)
    }

    // MARK: Datasets

    /// Opens a child dataset.
    public func openDataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        silenceHDF5()
        try requireOpen("open dataset")
        let d = try checked(H5Dopen2(id, name, chdf5_p_default()), "open dataset", childPath(name))
        return HDF5Dataset(id: d, path: childPath(name))
    }

    /// Creates a dataset of doubles. `shape` defaults to one dimension of `values.count`;
    /// `[]` makes a scalar. The product of `shape` must equal `values.count`.
    @discardableResult
    public func createDataset(_ name: String, doubles values: [Double], shape: [Int]? = nil) throws(HDF5Error) -> HDF5Dataset {
        try createNumeric(name, values, shape: shape, type: chdf5_t_native_double())
    }

    /// Creates a dataset of 64-bit integers (shape as for doubles).
    @discardableResult
    public func createDataset(_ name: String, int64s values: [Int64], shape: [Int]? = nil) throws(HDF5Error) -> HDF5Dataset {
        try createNumeric(name, values, shape: shape, type: chdf5_t_native_int64())
    }

    /// Creates a scalar double dataset (h5py reads it with `[()]`).
    @discardableResult
    public func createDataset(_ name: String, scalar value: Double) throws(HDF5Error) -> HDF5Dataset {
        try createDataset(name, doubles: [value], shape: [])
    }

    /// Creates a scalar integer dataset.
    @discardableResult
    public func createDataset(_ name: String, scalar value: Int64) throws(HDF5Error) -> HDF5Dataset {
        try createDataset(name, int64s: [value], shape: [])
    }

    /// Creates a dataset of UTF-8 strings, variable-length (default) or fixed-length.
    @discardableResult
    public func createDataset(_ name: String, strings values: [String], shape: [Int]? = nil,
                              layout: HDF5StringLayout = .variableLength) throws(HDF5Error) -> HDF5Dataset {
        silenceHDF5()
        switch layout {
        case .variableLength:
            let type = try makeVariableStringType(childPath(name))
            defer { _ = H5Tclose(type) }
            return try createFilled(name, type: type, count: values.count, shape: shape) { (d) throws(HDF5Error) in
                try withCStringArray(values) { (pointers) throws(HDF5Error) in
                    pointers.withUnsafeBytes { H5Dwrite(d, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), $0.baseAddress) }
                }
            }
        case let .fixedLength(width):
            let packed = packFixed(values, width: width)
            let type = try makeFixedStringType(size: packed.width, childPath(name))
            defer { _ = H5Tclose(type) }
            return try createFilled(name, type: type, count: values.count, shape: shape) { d in
                packed.bytes.withUnsafeBytes { H5Dwrite(d, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), $0.baseAddress) }
            }
        }
    }

    /// Creates an empty dataset that grows along its first dimension (chunked, unlimited).
    /// `rowShape` gives the fixed trailing dimensions (`[]` for a 1-D series, `[3]` for rows of
    /// three); `chunkRows` rows make one chunk.
    @discardableResult
    public func createExtendableDataset(_ name: String, elementType: HDF5ElementType, rowShape: [Int] = [],
                                        chunkRows: Int = 64) throws(HDF5Error) -> HDF5Dataset {
        silenceHDF5()
        try requireOpen("create dataset")
        let object = childPath(name)
        let type: hid_t
        switch elementType {
        case .double: type = chdf5_t_native_double()
        case .int64: type = chdf5_t_native_int64()
        case .string:
            throw HDF5Error(operation: "create dataset", object: object, reason: "extendable string datasets are not supported")
        }
        guard chunkRows > 0, rowShape.allSatisfy({ $0 > 0 }) else {
            throw HDF5Error(operation: "create dataset", object: object, reason: "chunk rows and row shape must be positive")
        }
        let space = try makeSpace([0] + rowShape, maxDims: [chdf5_s_unlimited()] + rowShape.map { hsize_t($0) }, object)
        defer { _ = H5Sclose(space) }
        let plist = try checked(H5Pcreate(chdf5_p_dataset_create()), "create dataset", object)
        defer { _ = H5Pclose(plist) }
        let chunk = ([chunkRows] + rowShape).map { hsize_t($0) }
        try checked(status: chunk.withUnsafeBufferPointer { H5Pset_chunk(plist, Int32(chunk.count), $0.baseAddress) },
                    "set chunking", object)
        let d = try checked(H5Dcreate2(id, name, type, space, chdf5_p_default(), plist, chdf5_p_default()),
                            "create dataset", object)
        return HDF5Dataset(id: d, path: object)
    }

    private func createNumeric<T>(_ name: String, _ values: [T], shape: [Int]?, type: hid_t) throws(HDF5Error) -> HDF5Dataset {
        try createFilled(name, type: type, count: values.count, shape: shape) { d in
            values.withUnsafeBytes { H5Dwrite(d, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), $0.baseAddress) }
        }
    }

    /// The one place a dataset is made and filled: `count` elements of `type` in `shape` (as
    /// ``resolveShape(_:count:_:)`` reads it); `write` stores them (not called when `count` is 0)
    /// and returns H5Dwrite's status.
    private func createFilled(_ name: String, type: hid_t, count: Int, shape: [Int]?,
                              write: (hid_t) throws(HDF5Error) -> herr_t) throws(HDF5Error) -> HDF5Dataset {
        silenceHDF5()
        try requireOpen("create dataset")
        let object = childPath(name)
        let dims = try resolveShape(shape, count: count, object)
        let space = try makeSpace(dims, object)
        defer { _ = H5Sclose(space) }
        let d = try checked(H5Dcreate2(id, name, type, space, chdf5_p_default(), chdf5_p_default(), chdf5_p_default()),
                            "create dataset", object)
        let dataset = HDF5Dataset(id: d, path: object)
        if count > 0 { try checked(status: try write(d), "write dataset", object) }
        return dataset
    }

    /// nil for a scalar (`[]`), else the dimensions, checked against the element count.
    private func resolveShape(_ shape: [Int]?, count: Int, _ object: String) throws(HDF5Error) -> [Int]? {
        let dims = shape ?? [count]
        if dims.isEmpty {
            guard count == 1 else {
                throw HDF5Error(operation: "create dataset", object: object, reason: "a scalar needs exactly 1 value, got \(count)")
            }
            return nil
        }
        guard dims.allSatisfy({ $0 >= 0 }), dims.reduce(1, *) == count else {
            throw HDF5Error(operation: "create dataset", object: object,
                            reason: "shape \(dims) holds \(dims.reduce(1, *)) values, got \(count)")
        }
        return dims
    }
}
