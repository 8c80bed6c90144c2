/// The kinds of element Adhere stores: 64-bit floats, 64-bit integers, UTF-8 strings.
public enum HDF5ElementType: Equatable, Sendable {
    /// IEEE 754 double (any HDF5 float class reads as Double).
    case double
    /// Signed 64-bit integer (any HDF5 integer class reads as Int64).
    case int64
    /// A UTF-8 string (fixed-length or variable-length).
    case string
}

/// How strings are laid out in a dataset.
public enum HDF5StringLayout: Equatable, Sendable {
    /// Each element is its own heap-allocated string (h5py's default for `str`).
    case variableLength
    /// Every element padded with NULs to the longest one (or to a given width).
    case fixedLength(width: Int? = nil)
}

/// A value of an attribute.
public enum HDF5AttributeValue: Equatable, Sendable {
    case double(Double)
    case int64(Int64)
    case string(String)
    case doubles([Double])
    case int64s([Int64])
    case strings([String])

    /// The value as a Double when it is a scalar number.
    public var doubleValue: Double? {
        switch self {
        case let .double(v): return v
        case let .int64(v): return Double(v)
        default: return nil
        }
    }

    /// The value as an Int64 when it is a scalar integer.
    public var int64Value: Int64? {
        if case let .int64(v) = self { return v }
        return nil
    }

    /// The value as a String when it is a scalar string.
    public var stringValue: String? {
        if case let .string(v) = self { return v }
        return nil
    }
}
