internal import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Every call into libhdf5 that can fail goes through these helpers, which turn a negative
// return into an HDF5Error carrying HDF5's error stack.

/// Turns off HDF5's printing of its error stack to stderr. In the thread-safe build this
/// switch is per thread, and Swift tasks hop threads, so every operation calls it first.
@inline(__always) func silenceHDF5() {
    _ = H5Eset_auto2(chdf5_e_default(), nil, nil)
}

/// Reads and clears the current thread's HDF5 error stack.
func takeErrorStack() -> [String] {
    final class Box { var lines: [String] = [] }
    let box = Box()
    _ = H5Ewalk2(chdf5_e_default(), H5E_WALK_DOWNWARD, { _, err, data in
        guard let err, let data else { return 0 }
        let box = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
        let function = err.pointee.func_name.map { String(cString: $0) } ?? "?"
        let message = err.pointee.desc.map { String(cString: $0) } ?? ""
        box.lines.append("\(function): \(message)")
        return 0
    }, Unmanaged.passUnretained(box).toOpaque())
    _ = H5Eclear2(chdf5_e_default())
    return box.lines
}

/// Returns `id` if it is valid, else throws with the error stack.
@discardableResult
func checked(_ id: hid_t, _ operation: String, _ object: String) throws(HDF5Error) -> hid_t {
    if id < 0 { throw HDF5Error(operation: operation, object: object, stack: takeErrorStack()) }
    return id
}

/// Throws when an `herr_t` status is negative.
func checked(status: herr_t, _ operation: String, _ object: String) throws(HDF5Error) {
    if status < 0 { throw HDF5Error(operation: operation, object: object, stack: takeErrorStack()) }
}

/// Throws when an `htri_t` is negative; returns it as a Bool otherwise.
func checked(tri: htri_t, _ operation: String, _ object: String) throws(HDF5Error) -> Bool {
    if tri < 0 { throw HDF5Error(operation: operation, object: object, stack: takeErrorStack()) }
    return tri > 0
}

/// Closes an id of any kind (used for temporaries: spaces, types, property lists).
func closeAny(_ id: hid_t) {
    guard id >= 0 else { return }
    switch H5Iget_type(id) {
    case H5I_FILE: _ = H5Fclose(id)
    case H5I_GROUP: _ = H5Gclose(id)
    case H5I_DATASET: _ = H5Dclose(id)
    case H5I_DATASPACE: _ = H5Sclose(id)
    case H5I_DATATYPE: _ = H5Tclose(id)
    case H5I_ATTR: _ = H5Aclose(id)
    case H5I_GENPROP_LST: _ = H5Pclose(id)
    default: break
    }
}

/// A UTF-8 variable-length string type (caller closes).
func makeVariableStringType(_ object: String) throws(HDF5Error) -> hid_t {
    let t = try checked(H5Tcopy(chdf5_t_c_s1()), "make string type", object)
    guard H5Tset_size(t, chdf5_t_variable()) >= 0, H5Tset_cset(t, H5T_CSET_UTF8) >= 0 else {
        _ = H5Tclose(t)
        throw HDF5Error(operation: "make string type", object: object, stack: takeErrorStack())
    }
    return t
}

/// A UTF-8 fixed-length, null-padded string type of `size` bytes (caller closes).
func makeFixedStringType(size: Int, _ object: String) throws(HDF5Error) -> hid_t {
    let t = try checked(H5Tcopy(chdf5_t_c_s1()), "make string type", object)
    guard H5Tset_size(t, max(1, size)) >= 0, H5Tset_cset(t, H5T_CSET_UTF8) >= 0,
          H5Tset_strpad(t, H5T_STR_NULLPAD) >= 0 else {
        _ = H5Tclose(t)
        throw HDF5Error(operation: "make string type", object: object, stack: takeErrorStack())
    }
    return t
}

/// A dataspace of the given dimensions (scalar when `dims` is nil; caller closes).
func makeSpace(_ dims: [Int]?, maxDims: [UInt64]? = nil, _ object: String) throws(HDF5Error) -> hid_t {
    guard let dims else { return try checked(H5Screate(H5S_SCALAR), "make dataspace", object) }
    let current = dims.map { hsize_t($0) }
    if let maxDims {
        return try checked(current.withUnsafeBufferPointer { c in
            maxDims.withUnsafeBufferPointer { m in H5Screate_simple(Int32(dims.count), c.baseAddress, m.baseAddress) }
        }, "make dataspace", object)
    }
    return try checked(current.withUnsafeBufferPointer { H5Screate_simple(Int32(dims.count), $0.baseAddress, nil) },
                       "make dataspace", object)
}

/// Most elements one read may allocate (16 Mi: 128 MB of doubles). A damaged header that
/// claims more is refused before any buffer is made (docs/input-limits.md).
public let hdf5MaxElementsPerRead = 1 << 24

/// The number of elements of `dims`, refused when the product overflows or exceeds
/// `hdf5MaxElementsPerRead` (elements of `elementBytes` each, for strings).
func checkedElementCount(_ dims: [Int], elementBytes: Int = 8, _ object: String) throws(HDF5Error) -> Int {
    var count = 1
    for d in dims {
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        guard d >= 0, !overflow else {
            throw HDF5Error(operation: "read", object: object, reason: "dimensions \(dims) overflow: the file is damaged")
        }
        count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: max(elementBytes, 1))
    guard !overflow, count <= hdf5MaxElementsPerRead, bytes <= hdf5MaxElementsPerRead * 8 else {
        throw HDF5Error(operation: "read", object: object,
                        reason: "dimensions \(dims) ask for \(count) elements, above the limit of \(hdf5MaxElementsPerRead): the file is damaged or not an Adhere archive")
    }
    return count
}

/// The dimensions of a dataspace (empty for scalar).
func spaceDims(_ space: hid_t, _ object: String) throws(HDF5Error) -> [Int] {
    let rank = Int(H5Sget_simple_extent_ndims(space))
    if rank < 0 { throw HDF5Error(operation: "read dataspace", object: object, stack: takeErrorStack()) }
    if rank == 0 { return [] }
    var dims = [hsize_t](repeating: 0, count: rank)
    let status = dims.withUnsafeMutableBufferPointer { H5Sget_simple_extent_dims(space, $0.baseAddress, nil) }
    if status < 0 { throw HDF5Error(operation: "read dataspace", object: object, stack: takeErrorStack()) }
    return dims.map { Int($0) }
}

/// The element class of a datatype.
func elementType(ofType type: hid_t, _ object: String) throws(HDF5Error) -> HDF5ElementType {
    switch H5Tget_class(type) {
    case H5T_FLOAT: return .double
    case H5T_INTEGER: return .int64
    case H5T_STRING: return .string
    case H5T_NO_CLASS: throw HDF5Error(operation: "read datatype", object: object, stack: takeErrorStack())
    default: throw HDF5Error(operation: "read datatype", object: object, reason: "unsupported HDF5 type class")
    }
}

/// Reads string elements from an attribute or dataset whose file type is `fileType`.
/// `read(memType, buffer)` performs the H5Aread/H5Dread.
func readStrings(fileType: hid_t, count: Int, space: hid_t, _ object: String,
                 read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws(HDF5Error) -> [String] {
    let isVariable = H5Tis_variable_str(fileType)
    if isVariable < 0 { throw HDF5Error(operation: "read string type", object: object, stack: takeErrorStack()) }
    if count == 0 { return [] }
    if isVariable > 0 {
        let memType = try makeVariableStringType(object)
        defer { _ = H5Tclose(memType) }
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        let status = pointers.withUnsafeMutableBytes { read(memType, $0.baseAddress!) }
        if status < 0 { throw HDF5Error(operation: "read strings", object: object, stack: takeErrorStack()) }
        let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
        _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(memType, space, chdf5_p_default(), $0.baseAddress) }
        return strings
    }
    let size = H5Tget_size(fileType)
    if size == 0 { throw HDF5Error(operation: "read string type", object: object, stack: takeErrorStack()) }
    let memType = try makeFixedStringType(size: size, object)
    defer { _ = H5Tclose(memType) }
    var bytes = [UInt8](repeating: 0, count: size * count)
    let status = bytes.withUnsafeMutableBytes { read(memType, $0.baseAddress!) }
    if status < 0 { throw HDF5Error(operation: "read strings", object: object, stack: takeErrorStack()) }
    return (0..<count).map { i in
        let slice = bytes[(i * size)..<((i + 1) * size)]
        let end = slice.firstIndex(of: 0) ?? slice.endIndex
        return String(decoding: slice[slice.startIndex..<end], as: UTF8.self)
    }
}

/// The names an HDF5 iteration (H5Literate, H5Aiterate2) reports, in its order: `iterate` starts
/// the iteration with `context` as its operator data, and its callback passes each name to ``add``.
final class NameCollector {
    private var names: [String] = []

    /// The callback's body: appends `name` (copied at once) to the collector behind `context`.
    static func add(_ name: UnsafePointer<CChar>?, _ context: UnsafeMutableRawPointer?) -> herr_t {
        guard let name, let context else { return 0 }
        Unmanaged<NameCollector>.fromOpaque(context).takeUnretainedValue().names.append(String(cString: name))
        return 0
    }

    /// Runs `iterate` and returns the names, or throws `operation` on `object` with the error stack.
    static func collect(_ operation: String, _ object: String,
                        _ iterate: (_ context: UnsafeMutableRawPointer) -> herr_t) throws(HDF5Error) -> [String] {
        let collector = NameCollector()
        try checked(status: iterate(Unmanaged.passUnretained(collector).toOpaque()), operation, object)
        return collector.names
    }
}

/// Calls `body` with an array of C string pointers for `strings` (valid only inside).
func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return try body(copies.map { UnsafePointer($0) })
}

/// Packs strings into fixed-width null-padded bytes; width is the longest UTF-8 length (≥ 1).
func packFixed(_ strings: [String], width: Int? = nil) -> (bytes: [UInt8], width: Int) {
    let w = max(1, width ?? (strings.map(\.utf8.count).max() ?? 1))
    var bytes = [UInt8](repeating: 0, count: w * strings.count)
    for (i, s) in strings.enumerated() {
        for (j, b) in s.utf8.prefix(w).enumerated() { bytes[i * w + j] = b }
    }
    return (bytes, w)
}
