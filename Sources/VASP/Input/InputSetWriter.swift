import Foundation
import Crystal

/// Renders and writes VASP inputs for a profile.
///
/// INCAR: the profile's template for the role and calculation, filled with the profile's tag
/// values; the result is read back and validated (known tags, types, MAGMOM/LDAU lengths), and
/// every tag of the profile must be in it. KPOINTS: Γ-centred mesh at the profile's density, 1
/// along the vacuum. POTCAR: from a PAW library in POSCAR species order, or POTCAR.spec.
public struct InputSetWriter: Sendable {
    /// The protocol.
    public var profile: InputProfile
    /// Finds templates (the profile's folder first, then the built-in ones).
    public var renderer: TemplateRenderer

    /// Creates a writer; templates are looked for next to the profile file, then in `templates/`.
    public init(profile: InputProfile, templateSearchPaths: [String] = []) {
        self.profile = profile
        var paths = templateSearchPaths
        if let file = profile.file { paths.append(URL(fileURLWithPath: file).deletingLastPathComponent().path) }
        self.renderer = TemplateRenderer(searchPaths: paths)
    }

    /// Renders the inputs of `structure` without writing anything.
    public func render(structure input: Structure, role: InputRole, calculation: CalculationKind = .relax,
                       name: String? = nil, dipole choice: DipoleChoice = .profile) throws(InputError) -> InputSet {
        try render(structure: input, role: role, calculation: calculation, name: name, dipole: choice, projection: nil)
    }

    /// Cells of at most this many atoms get LREAL = .FALSE. where the profile asks for real-space
    /// projection: the VASP wiki (LREAL) recommends Auto only for systems of more than ~20 atoms.
    public static let realSpaceProjectionMinimumAtoms = 21

    /// LREAL for a cell of `atoms` atoms under the profile's value: .FALSE. for small cells.
    static func projection(profileValue: IncarValue?, atoms: Int) -> IncarValue? {
        guard let v = profileValue, v != .bool(false), atoms < realSpaceProjectionMinimumAtoms else { return profileValue }
        return .bool(false)
    }

    /// Renders with LREAL forced to `projection` when given (an interface's references share its LREAL).
    func render(structure input: Structure, role: InputRole, calculation: CalculationKind, name: String?,
                dipole choice: DipoleChoice, projection: IncarValue?) throws(InputError) -> InputSet {
        let structure = input.groupedBySpecies()
        let label = name ?? role.rawValue
        var warnings: [String] = []
        guard structure.count > 0 else { throw InputError(file: label, .structure("\(label): the structure has no atoms")) }
        guard structure.lattice.volumeA3 > 1e-3 else {
            throw InputError(file: label, .structure("\(label): the lattice vectors are (nearly) coplanar, cell volume \(structure.lattice.volumeA3) Å³"))
        }

        let geometry = SlabGeometry.detect(structure, minimumVacuumA: profile.minimumVacuumA)
        if role.hasVacuum, geometry == nil {
            throw InputError(file: label, .structure(
                "\(label): role \(role.rawValue) needs a vacuum gap of at least \(IncarValue.format(profile.minimumVacuumA)) Å along one axis; none found (use --role bulk for a periodic cell)"))
        }
        if role == .bulk, let g = geometry {
            warnings.append("\(label): bulk cell has a \(String(format: "%.1f", g.vacuumA)) Å empty gap along \(["a", "b", "c"][g.vacuumAxis]); is it a slab?")
        }
        let vacuumAxis = role.hasVacuum ? geometry?.vacuumAxis : nil

        // INCAR
        let key = InputProfile.templateKey(role: role, calculation: calculation)
        guard let templateName = profile.templates[key] else {
            throw InputError(file: profile.file ?? profile.name, .profile("no '\(key)' template named"))
        }
        let (templatePath, templateText) = try renderer.text(of: templateName)
        var tags = profile.incarValues(forTemplate: key)
        if let p = projection {
            tags["LREAL"] = p
        } else if let p = Self.projection(profileValue: tags["LREAL"], atoms: structure.count), p != tags["LREAL"] {
            tags["LREAL"] = p
        }
        let dipole: DipoleCorrection?
        switch choice {
        case .same(let other): dipole = other
        case .profile: dipole = profile.dipoleCorrection(role: role, geometry: geometry)
        }
        var values: [String: Any] = [
            "role": role.rawValue, "calculation": calculation.rawValue, "profile": profile.name, "template": templateName,
            "slab": role.hasVacuum,
            "SYSTEM": "\(structure.comment.isEmpty ? structure.reducedFormula.formula : structure.comment) (\(label), \(calculation.rawValue))"
                .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "#", with: " ").replacingOccurrences(of: "!", with: " ").replacingOccurrences(of: ";", with: ","),
        ]
        if let dipole {
            values["dipole"] = ["IDIPOL": String(dipole.idipol), "DIPOL": IncarValue.reals(dipole.centreFractional).incarText] as [String: Any]
            tags["LDIPOL"] = nil; tags["IDIPOL"] = nil; tags["DIPOL"] = nil
        }
        let used = TemplateRenderer.tagVariables(in: templateText)
        for (tag, value) in tags.entries { values[tag] = value.incarText }
        let missing = used.subtracting(values.keys).subtracting(["IDIPOL", "DIPOL"]).sorted()
        guard missing.isEmpty else {
            throw InputError(file: templatePath, .template(
                "uses \(missing.map { "{{\($0)}}" }.joined(separator: ", ")) but profile '\(profile.name)' sets no value (add it under incar: or \(key):)"))
        }
        let extra = tags.entries.filter { !used.contains($0.tag) }.map { ["tag": $0.tag, "value": $0.value.incarText] }
        values["extra"] = extra
        values["hasExtra"] = !extra.isEmpty
        let incarText = try TemplateRenderer.render(templateText, values: values, file: templatePath)
        let incar = try Incar.parse(incarText, file: "INCAR (from \(templatePath))")
        for (tag, value) in tags.entries {
            guard let written = incar[tag] else {
                throw InputError(file: templatePath, .template("profile sets \(tag) but the rendered INCAR lacks it (keep the {{#extra}} section)"))
            }
            guard written == value else {
                throw InputError(file: templatePath, .template("the template writes \(tag) = \(written.incarText) but profile '\(profile.name)' says \(value.incarText)"))
            }
        }
        try incar.validate(for: structure, file: "INCAR (\(label))")

        // KPOINTS
        let mesh = try KPointMesh.make(for: structure, density: profile.kpoints, vacuumAxis: vacuumAxis)
        guard let kpointsName = profile.templates["kpoints"] else {
            throw InputError(file: profile.file ?? profile.name, .profile("no 'kpoints' template named"))
        }
        let (kpointsPath, kpointsTemplate) = try renderer.text(of: kpointsName)
        let kpointsText = try TemplateRenderer.render(kpointsTemplate, values: [
            "comment": mesh.comment, "n1": mesh.divisions[0], "n2": mesh.divisions[1], "n3": mesh.divisions[2],
        ], file: kpointsPath)
        let readBack = try KPointMesh.parse(kpointsText, file: "KPOINTS (from \(kpointsPath))")
        guard readBack.divisions == mesh.divisions else {
            throw InputError(file: kpointsPath, .template("KPOINTS renders mesh \(readBack.divisions), expected \(mesh.divisions)"))
        }
        if role == .bulk, mesh.count == 1, tags["ISMEAR"]?.intValue.map({ $0 >= 0 }) == true {
            warnings.append("\(label): a single k-point for a bulk cell; metals need a dense mesh")
        }

        return InputSet(
            name: label, role: role, calculation: calculation, structure: structure, geometry: geometry, dipole: dipole,
            poscar: POSCAR.string(structure), incarText: incarText, incar: incar, kpointsText: kpointsText,
            kpoints: mesh, potcarSpec: AssembledPotcar.spec(species: structure.speciesInOrder, variants: profile.potcarVariants),
            warnings: warnings)
    }

    /// Renders and writes POSCAR, INCAR, KPOINTS and POTCAR (or POTCAR.spec) to `directory`.
    public func write(structure: Structure, role: InputRole, calculation: CalculationKind = .relax,
                      to directory: URL, potcar: PotcarSource, name: String? = nil) throws(InputError) -> WrittenInputSet {
        let set = try render(structure: structure, role: role, calculation: calculation, name: name)
        return try write(set, to: directory, potcar: potcar)
    }

    /// Writes a rendered set to `directory` (created if needed).
    public func write(_ set: InputSet, to directory: URL, potcar: PotcarSource) throws(InputError) -> WrittenInputSet {
        var warnings = set.warnings
        var files: [(String, String)] = [("POSCAR", set.poscar), ("INCAR", set.incarText), ("KPOINTS", set.kpointsText)]
        switch potcar {
        case .specOnly:
            files.append(("POTCAR.spec", set.potcarSpec))
        case .library(let library):
            var lib = library
            lib.functionalDirectory = profile.potcarFunctionalDirectory
            let assembled = try AssembledPotcar.assemble(species: set.structure.speciesInOrder,
                                                         variants: profile.potcarVariants, library: lib)
            files.append(("POTCAR", assembled.text))
            try Self.checkCutoff(assembled, incar: set.incar, name: set.name, allowBelowEnmax: profile.allowEncutBelowEnmax,
                                 profileFile: profile.file ?? profile.name)
            warnings += Self.potcarWarnings(assembled, incar: set.incar, name: set.name)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        } catch {
            throw InputError(file: directory.path, .io("cannot write inputs: \(error.localizedDescription)"))
        }
        return WrittenInputSet(directory: directory, inputHash: set.inputHash, incar: set.incar, kpoints: set.kpoints,
                               files: files.map(\.0), warnings: warnings, inputSet: set)
    }

    /// Renders an interface and its film and substrate references, in that order. The references
    /// take the interface's dipole correction (on or off, same IDIPOL and DIPOL), so the three
    /// energies of W_ad are computed alike. Refused (``ConsistencyGuard/Refusal``) unless the three
    /// share ENCUT, functional, IVDW, PREC, in-plane k-mesh and in-plane lattice.
    public func renderInterfaceSet(interface: Structure, film: Structure, substrate: Structure,
                                   calculation: CalculationKind = .relax,
                                   names: (interface: String, film: String, substrate: String) = ("interface", "film", "substrate"))
        throws -> [InputSet]
    {
        let main = try render(structure: interface, role: .interface, calculation: calculation, name: names.interface)
        // The references take the interface's dipole correction and its LREAL, so the three
        // energies of W_ad are computed alike.
        let lreal = main.incar["LREAL"]
        let sets = [
            main,
            try render(structure: film, role: .slab, calculation: calculation, name: names.film, dipole: .same(as: main.dipole),
                       projection: lreal),
            try render(structure: substrate, role: .slab, calculation: calculation, name: names.substrate, dipole: .same(as: main.dipole),
                       projection: lreal),
        ]
        try ConsistencyGuard.build.check(sets.map(\.settings))
        return sets
    }

    /// ``renderInterfaceSet(interface:film:substrate:calculation:names:)``, then writes each set to its folder.
    public func writeInterfaceSet(interface: Structure, film: Structure, substrate: Structure,
                                  calculation: CalculationKind = .relax,
                                  to directories: (interface: URL, film: URL, substrate: URL),
                                  potcar: PotcarSource) throws -> [WrittenInputSet] {
        let sets = try renderInterfaceSet(interface: interface, film: film, substrate: substrate, calculation: calculation)
        return try zip(sets, [directories.interface, directories.film, directories.substrate]).map { (set, dir) throws(InputError) in
            try write(set, to: dir, potcar: potcar)
        }
    }

    /// Refuses ENCUT below the largest ENMAX of the POTCARs (the basis is then incomplete for
    /// that dataset) unless the profile allows it explicitly.
    static func checkCutoff(_ potcar: AssembledPotcar, incar: Incar, name: String, allowBelowEnmax: Bool,
                            profileFile: String) throws(InputError) {
        guard !allowBelowEnmax, let encut = incar["ENCUT"]?.doubleValue, encut < potcar.maxEnmaxEV,
              let worst = potcar.headers.max(by: { $0.enmaxEV < $1.enmaxEV }) else { return }
        throw InputError(file: profileFile, .profile(
            "\(name): ENCUT = \(IncarValue.format(encut)) eV is below ENMAX = \(IncarValue.format(worst.enmaxEV)) eV of the \(worst.variant) POTCAR: raise ENCUT (e.g. \(IncarValue.format((worst.enmaxEV * 1.04 / 10).rounded(.up) * 10)) eV) or set potcar: allow_encut_below_enmax: true in the profile"))
    }

    /// ENCUT below 1.3 × max(ENMAX), and POTCARs of another functional than GGA = PE.
    static func potcarWarnings(_ potcar: AssembledPotcar, incar: Incar, name: String) -> [String] {
        var out: [String] = []
        let limit = 1.3 * potcar.maxEnmaxEV
        if let encut = incar["ENCUT"]?.doubleValue, encut < limit {
            let worst = potcar.headers.max { $0.enmaxEV < $1.enmaxEV }!
            out.append("\(name): ENCUT = \(IncarValue.format(encut)) eV is below 1.3 × ENMAX = \(IncarValue.format(limit)) eV (ENMAX \(IncarValue.format(worst.enmaxEV)) eV of \(worst.variant)); cell relaxations (ISIF = 3) then suffer Pulay stress")
        } else if incar["ENCUT"] == nil {
            out.append("\(name): no ENCUT; VASP will use max(ENMAX) = \(IncarValue.format(potcar.maxEnmaxEV)) eV")
        }
        if incar["GGA"]?.stringValue == "PE" {
            for h in potcar.headers where !h.titel.hasPrefix("PAW_PBE") {
                out.append("\(name): GGA = PE but POTCAR '\(h.titel)' is not a PAW_PBE dataset")
            }
        }
        return out
    }
}
