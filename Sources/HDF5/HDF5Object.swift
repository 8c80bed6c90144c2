internal import CHDF5

/// An open HDF5 object (group or dataset) that can carry attributes. Closed when released
/// (or by `close()`); no HDF5 handle is visible outside this module.
public class HDF5Object {
    /// The object's path inside its file ("/", "/calculations/c1", ...).
    public let path: String
    var id: hid_t

    init(id: hid_t, path: String) {
        self.id = id
        self.path = path
    }

    deinit { closeAny(id) }

    /// Releases the handle now (idempotent).
    public func close() {
        closeAny(id)
        id = -1
    }

    func requireOpen(_ operation: String) throws(HDF5Error) {
        if id < 0 { throw HDF5Error(operation: operation, object: path, reason: "the object was closed") }
    }

    func childPath(_ name: String) -> String {
        path == "/" ? "/" + name : path + "/" + name
    }

    // MARK: Attributes

    /// Writes (or replaces) an attribute.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(HDF5Error) {
        silenceHDF5()
        let object = path + "@" + name
        try requireOpen("write attribute")
        if try checked(tri: H5Aexists(id, name), "check attribute", object) {
            try checked(status: H5Adelete(id, name), "replace attribute", object)
        }
        switch value {
        case let .double(v): try writeNumericAttribute(name, [v], dims: nil, type: chdf5_t_native_double())
        case let .int64(v): try writeNumericAttribute(name, [v], dims: nil, type: chdf5_t_native_int64())
        case let .doubles(v): try writeNumericAttribute(name, v, dims: [v.count], type: chdf5_t_native_double())
        case let .int64s(v): try writeNumericAttribute(name, v, dims: [v.count], type: chdf5_t_native_int64())
        case let .string(s): try writeStringAttribute(name, [s], dims: nil)
        case let .strings(s): try writeStringAttribute(name, s, dims: [s.count])
        }
    }

    /// Convenience: writes a string attribute.
    public func setAttribute(_ name: String, _ value: String) throws(HDF5Error) { try setAttribute(name, .string(value)) }
    /// Convenience: writes a double attribute.
    public func setAttribute(_ name: String, _ value: Double) throws(HDF5Error) { try setAttribute(name, .double(value)) }
    /// Convenience: writes an integer attribute.
    public func setAttribute(_ name: String, _ value: Int64) throws(HDF5Error) { try setAttribute(name, .int64(value)) }

    private func writeNumericAttribute<T>(_ name: String, _ values: [T], dims: [Int]?, type: hid_t) throws(HDF5Error) {
        let object = path + "@" + name
        let space = try makeSpace(dims, object)
        defer { _ = H5Sclose(space) }
        let attr = try checked(H5Acreate2(id, name, type, space, chdf5_p_default(), chdf5_p_default()), "create attribute", object)
        defer { _ = H5Aclose(attr) }
        if values.isEmpty { return }
        try checked(status: values.withUnsafeBytes { H5Awrite(attr, type, $0.baseAddress) }, "write attribute", object)
    }

    private func writeStringAttribute(_ name: String, _ values: [String], dims: [Int]?) throws(HDF5Error) {
        let object = path + "@" + name
        let type = try makeVariableStringType(object)
        defer { _ = H5Tclose(type) }
        let space = try makeSpace(dims, object)
        defer { _ = H5Sclose(space) }
        let attr = try checked(H5Acreate2(id, name, type, space, chdf5_p_default(), chdf5_p_default()), "create attribute", object)
        defer { _ = H5Aclose(attr) }
        if values.isEmpty { return }
        try withCStringArray(values) { (pointers) throws(HDF5Error) in
            try checked(status: pointers.withUnsafeBytes { H5Awrite(attr, type, $0.baseAddress) }, "write attribute", object)
        }
    }

    /// True when the attribute exists.
    public func hasAttribute(_ name: String) throws(HDF5Error) -> Bool {
        silenceHDF5()
        try requireOpen("check attribute")
        return try checked(tri: H5Aexists(id, name), "check attribute", path + "@" + name)
    }

    /// Reads an attribute; nil when absent.
    public func attribute(_ name: String) throws(HDF5Error) -> HDF5AttributeValue? {
        guard try hasAttribute(name) else { return nil }
        let object = path + "@" + name
        let attr = try checked(H5Aopen(id, name, chdf5_p_default()), "open attribute", object)
        defer { _ = H5Aclose(attr) }
        let type = try checked(H5Aget_type(attr), "read attribute type", object)
        defer { _ = H5Tclose(type) }
        let space = try checked(H5Aget_space(attr), "read attribute space", object)
        defer { _ = H5Sclose(space) }
        let dims = try spaceDims(space, object)
        let count = try checkedElementCount(dims, elementBytes: max(H5Tget_size(type), 1), object)
        let isScalar = dims.isEmpty
        switch try elementType(ofType: type, object) {
        case .double:
            var values = [Double](repeating: 0, count: count)
            if count == 0 { return .doubles([]) }
            try checked(status: values.withUnsafeMutableBytes { H5Aread(attr, chdf5_t_native_double(), $0.baseAddress) }, "read attribute", object)
            return isScalar ? .double(values[0]) : .doubles(values)
        case .int64:
            var values = [Int64](repeating: 0, count: count)
            if count == 0 { return .int64s([]) }
            try checked(status: values.withUnsafeMutableBytes { H5Aread(attr, chdf5_t_native_int64(), $0.baseAddress) }, "read attribute", object)
            return isScalar ? .int64(values[0]) : .int64s(values)
        case .string:
            let values = try readStrings(fileType: type, count: count, space: space, object) { H5Aread(attr, $0, $1) }
            return isScalar ? .string(values.first ?? "") : .strings(values)
        }
    }

    /// Reads a scalar string attribute, throwing when absent or of another type.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        try requiredAttribute(name, expected: "a string", \.stringValue)
    }

    /// Reads a scalar numeric attribute as Double, throwing when absent or not a number.
    public func doubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        try requiredAttribute(name, expected: "a number", \.doubleValue)
    }

    /// Reads a scalar integer attribute, throwing when absent or not an integer.
    public func int64Attribute(_ name: String) throws(HDF5Error) -> Int64 {
        try requiredAttribute(name, expected: "an integer", \.int64Value)
    }

    /// An attribute converted by `convert`, or an error naming what was expected.
    private func requiredAttribute<T>(_ name: String, expected: String,
                                      _ convert: (HDF5AttributeValue) -> T?) throws(HDF5Error) -> T {
        guard let value = try attribute(name) else {
            throw HDF5Error(operation: "read attribute", object: path + "@" + name, reason: "no such attribute")
        }
        guard let converted = convert(value) else {
            throw HDF5Error(operation: "read attribute", object: path + "@" + name, reason: "expected \(expected), found \(value)")
        }
        return converted
    }

    /// Names of all attributes, in name order.
    public func attributeNames() throws(HDF5Error) -> [String] {
        silenceHDF5()
        try requireOpen("list attributes")
        return try NameCollector.collect("list attributes", path) { context in
            var index: hsize_t = 0
            return H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, data in NameCollector.add(name, data) }, context)
        }
    }
}
