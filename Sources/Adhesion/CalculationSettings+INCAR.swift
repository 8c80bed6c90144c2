extension CalculationSettings {
    /// Settings from INCAR parameters as text (tag → value, e.g. from vasprun `<parameters>` or
    /// `<incar>`), the k-point mesh, the cell's lattice vectors as rows (Å) and the POTCAR
    /// identities. Tags are matched case-insensitively; VASP logicals accept .TRUE./T/TRUE and
    /// .FALSE./F/FALSE. Values that do not parse are treated as unset.
    public init(label: String, incar: [String: String], kpointMesh: [Int]?, latticeRowsA: [[Double]]?,
                potcarIdentityByElement: [String: String]) {
        var tags: [String: String] = [:]
        for (k, v) in incar { tags[k.uppercased()] = v.trimmingWhitespace() }
        func double(_ tag: String) -> Double? { tags[tag].flatMap { Double($0.replacingFortranExponent()) } }
        func int(_ tag: String) -> Int? { tags[tag].flatMap { Int($0) ?? Double($0).flatMap { Int(exactly: $0) } } }
        func bool(_ tag: String) -> Bool? {
            guard let v = tags[tag]?.uppercased() else { return nil }
            if [".TRUE.", "T", "TRUE", ".T."].contains(v) { return true }
            if [".FALSE.", "F", "FALSE", ".F."].contains(v) { return false }
            return nil
        }
        let dipol = tags["DIPOL"].map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) } }
        var inPlane: [[Double]]?
        var c: Double?
        if let rows = latticeRowsA, rows.count == 3, rows.allSatisfy({ $0.count == 3 }) {
            inPlane = Array(rows.prefix(2))
            c = (rows[2][0] * rows[2][0] + rows[2][1] * rows[2][1] + rows[2][2] * rows[2][2]).squareRoot()
        }
        self.init(label: label, encutEV: double("ENCUT"), gga: tags["GGA"], metagga: tags["METAGGA"], ivdw: int("IVDW"),
                  ismear: int("ISMEAR"), sigmaEV: double("SIGMA"), kMeshInPlane: kpointMesh.map { Array($0.prefix(2)) },
                  inPlaneLatticeA: inPlane, cLengthA: c, ldipol: bool("LDIPOL"), idipol: int("IDIPOL"),
                  dipolCentre: dipol, potcarIdentityByElement: potcarIdentityByElement)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// "1.0D-5" → "1.0E-5" (Fortran double exponent).
    func replacingFortranExponent() -> String {
        String(map { $0 == "D" || $0 == "d" ? "E" : $0 })
    }
}
