extension ParameterValue: Encodable {
    /// Encodes as the plain JSON value: number, boolean, string, array; a missing value is null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .real(let v): try c.encode(v)
        case .logical(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .ints(let v): try c.encode(v)
        case .reals(let v): try c.encode(v)
        case .logicals(let v): try c.encode(v)
        }
    }
}
