import Crystal
import Foundation
internal import XMLStream

/// The SAX2 event handler that builds a `Vasprun`. One instance per file; state is a handful of
/// flags and reusable buffers, so memory does not grow with the number of ionic steps (unless a
/// trajectory is requested).
final class VasprunParser: XMLStreamHandler {
    let path: String
    let options: VasprunOptions

    init(path: String, options: VasprunOptions) {
        self.path = path
        self.options = options
    }

    /// Parses the file at `path`.
    static func parse(path: String, options: VasprunOptions) throws(VasprunError) -> Vasprun {
        // A FIFO or device would block libxml2's read forever; a directory is no file.
        do { _ = try InputFile.check(path, limitBytes: .max) } catch {
            switch error {
            case .missing: throw .cannotOpen(path: path)
            default: throw .notAFile(path: path, reason: error.description)
            }
        }
        var parser = VasprunParser(path: path, options: options)
        var summary: XMLParseSummary
        do {
            // ASCII in practice (though declared ISO-8859-1): read as UTF-8 first, and only when
            // a byte says otherwise read again with the declared encoding.
            summary = try XMLStream.parse(path: path, handler: parser, assumeUTF8: true)
            if summary.invalidEncoding {
                parser = VasprunParser(path: path, options: options)
                summary = try XMLStream.parse(path: path, handler: parser, assumeUTF8: false)
            }
        } catch {
            switch error {
            case .cannotOpen(let p): throw .cannotOpen(path: p)
            case .readFailed(let p, let n): throw .readFailed(path: p, bytesRead: n)
            }
        }
        return try parser.finish(summary)
    }

    // MARK: - Element names

    enum Tag {
        case i, v, c, rc, r, set, varray, array, energy, scstep, structure, crystal, calculation, dos
        case generator, incar, kpoints, generation, parameters, separator, atominfo, atoms, modeling
        case total, eigenvalues, other
    }

    @inline(__always)
    static func tag(_ n: XMLBytes) -> Tag {
        let b = n.buffer
        switch b.count {
        case 1:
            switch b[0] {
            case UInt8(ascii: "i"): return .i
            case UInt8(ascii: "v"): return .v
            case UInt8(ascii: "c"): return .c
            case UInt8(ascii: "r"): return .r
            default: return .other
            }
        case 2: return n.equals("rc") ? .rc : .other
        case 3: return n.equals("set") ? .set : n.equals("dos") ? .dos : .other
        case 5:
            if n.equals("incar") { return .incar }
            if n.equals("array") { return .array }
            if n.equals("atoms") { return .atoms }
            if n.equals("total") { return .total }
            return .other
        case 6:
            if n.equals("varray") { return .varray }
            if n.equals("energy") { return .energy }
            if n.equals("scstep") { return .scstep }
            return .other
        case 7:
            if n.equals("crystal") { return .crystal }
            if n.equals("kpoints") { return .kpoints }
            return .other
        case 8:
            if n.equals("atominfo") { return .atominfo }
            if n.equals("modeling") { return .modeling }
            return .other
        case 9:
            if n.equals("structure") { return .structure }
            if n.equals("generator") { return .generator }
            if n.equals("separator") { return .separator }
            return .other
        case 10:
            if n.equals("parameters") { return .parameters }
            if n.equals("generation") { return .generation }
            return .other
        case 11:
            if n.equals("calculation") { return .calculation }
            if n.equals("eigenvalues") { return .eigenvalues }
            return .other
        default: return .other
        }
    }

    // MARK: - State

    enum Section { case none, generator, incar, kpoints, parameters, atominfo, structure, calculation }
    enum StructureRole { case initial, final, step }
    enum VarrayKind { case none, basis, positions, selective, forces, stress, kpointList, weights }
    enum EnergyKind { case free, withoutEntropy, sigma0, other }
    enum Target {
        case none
        case generator(String)
        case parameter(name: String, type: String?, vector: Bool, incar: Bool)
        case divisions
        case scEnergy(EnergyKind)
        case stepEnergy(EnergyKind)
        case row(VarrayKind)
        case atomCount
        case cell
        case efermi
        case dosRow
        case eigenRow
    }

    var depth = 0
    var control: XMLStreamControl?
    var captured = false
    var section = Section.none
    var sawModelingEnd = false

    // What a captured text is for
    var target = Target.none

    // Header results
    var generator = Generator()
    var incar: [String: ParameterValue] = [:]
    var parameters: [String: ParameterValue] = [:]
    var kpoints = KPoints()
    var kpointList: [Double] = []
    var weights: [Double] = []
    var declaredAtomCount: Int?
    var atominfoArray = ""  // "atoms" / "atomtypes" / ""
    var rowCells: [String] = []
    var speciesLabels: [String] = []
    var atomTypeIndices: [Int] = []
    var typeRows: [[String]] = []

    // Structure being read
    var structureRole = StructureRole.step
    var varray = VarrayKind.none
    var basis: [Double] = []
    var positions: [Double] = []
    var selective: [Bool] = []
    var initialRaw: RawStructure?
    var finalRaw: RawStructure?

    // Step being read (calculation)
    var current = RawStep()
    var last = RawStep()
    var stepCount = 0
    var stepsStarted = 0
    var inScstep = false
    var inScEnergy = false
    var scItems = 0
    var scFree: Double = .nan
    var scSigma0: Double = .nan
    /// What the current <scstep> could not read (only the last SCF step's energies count).
    var scDamage: String?
    /// The first damaged step (1-based) and what in it was unreadable; later steps are ignored.
    var damage: VasprunDamage?
    var inStepEnergy = false
    var inDos = false
    var inCalcStructure = false
    var trajectory: [IonicStep] = []
    var lastEfermi: Double?

    // DOS / eigenvalues (optional)
    var dosRows: [Double] = []
    var dosSpinCount = 0
    var eigenRows: [Double] = []
    var eigenSetDepths: [Int] = []
    var eigenShape: [Int] = []
    var inDosTotal = false
    var inEigen = false
    var lastDOS: TotalDOS?
    var lastEigen: Eigenvalues?

    struct RawStructure {
        var basis: [Double] = []
        var positions: [Double] = []
        var selective: [Bool] = []
    }

    struct RawStep {
        var free: Double = .nan, withoutEntropy: Double = .nan, sigma0: Double = .nan
        var scFree: Double = .nan, scSigma0: Double = .nan
        var scCount = 0, groundCount = 0
        var structure = RawStructure()
        var hasStructure = false
        var forces: [Double] = []
        var stress: [Double] = []
        var efermi: Double = .nan
        /// The first number of this step that could not be read (damaged text, overflow, `1e999`).
        var damage: String?
        var lastSCFDamage: String?

        mutating func markDamaged(_ what: String) { if damage == nil { damage = what } }

        mutating func reset() {
            free = .nan; withoutEntropy = .nan; sigma0 = .nan; scFree = .nan; scSigma0 = .nan
            scCount = 0; groundCount = 0; hasStructure = false; efermi = .nan; damage = nil; lastSCFDamage = nil
            structure.basis.removeAll(keepingCapacity: true)
            structure.positions.removeAll(keepingCapacity: true)
            structure.selective.removeAll(keepingCapacity: true)
            forces.removeAll(keepingCapacity: true)
            stress.removeAll(keepingCapacity: true)
        }
    }

    // MARK: - Events

    @inline(__always) func capture(_ t: Target) {
        target = t
        captured = true
        control?.captureText()
    }

    @inline(__always) func skip() { control?.skipSubtree() }

    func startElement(_ name: XMLBytes, depth: Int, attributes: XMLAttributes, control: XMLStreamControl) {
        self.depth = depth
        self.control = control
        let tag = Self.tag(name)
        if depth <= 2 {
            if depth == 2 { enterSection(tag, attributes) }
            return
        }
        captured = false
        defer {
            // A leaf that is not captured needs no end event: drop it in the C layer.
            if !captured {
                switch tag {
                case .i, .v, .c, .r, .other: control.skipSubtree()
                default: break
                }
            }
        }
        switch section {
        case .calculation: startInCalculation(tag, attributes)
        case .structure: startInStructure(tag, attributes)
        case .parameters, .incar:
            if tag == .i || tag == .v {
                let name = attributes["name"]?.string ?? ""
                let type = attributes["type"]?.string
                capture(.parameter(name: name, type: type, vector: tag == .v, incar: section == .incar))
            } else if tag != .separator {
                skip()
            }
        case .generator:
            if tag == .i, let n = attributes["name"] { capture(.generator(n.string)) } else { skip() }
        case .kpoints: startInKpoints(tag, attributes)
        case .atominfo: startInAtominfo(tag, attributes)
        case .none: skip()
        }
    }

    func enterSection(_ tag: Tag, _ attributes: XMLAttributes) {
        switch tag {
        case .generator: section = .generator
        case .incar: section = .incar
        case .parameters: section = .parameters
        case .kpoints: section = .kpoints
        case .atominfo: section = .atominfo
        case .structure:
            let role = attributes["name"]
            if role?.equals("initialpos") == true { structureRole = .initial }
            else if role?.equals("finalpos") == true { structureRole = .final }
            else { skip(); return }
            section = .structure
            beginStructure()
        case .calculation:
            section = .calculation
            stepsStarted += 1
            current.reset()
            inScstep = false; inScEnergy = false; inStepEnergy = false; inDos = false; inCalcStructure = false
            inDosTotal = false; inEigen = false
        default:
            skip()
        }
    }

    func beginStructure() {
        basis.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        selective.removeAll(keepingCapacity: true)
        varray = .none
    }

    func startInStructure(_ tag: Tag, _ attributes: XMLAttributes) {
        switch tag {
        case .crystal: return
        case .varray:
            let n = attributes["name"]
            if n?.equals("basis") == true { varray = .basis }
            else if n?.equals("positions") == true { varray = .positions }
            else if n?.equals("selective") == true { varray = .selective }
            else { varray = .none; skip() }
        case .v:
            if varray != .none { capture(.row(varray)) } else { skip() }
        default: skip()
        }
    }

    func startInCalculation(_ tag: Tag, _ attributes: XMLAttributes) {
        if depth == 3 {
            switch tag {
            case .scstep:
                inScstep = true; scItems = 0; scFree = .nan; scSigma0 = .nan; scDamage = nil
            case .energy: inStepEnergy = true
            case .structure: inCalcStructure = true; beginStructure()
            case .varray:
                let n = attributes["name"]
                if n?.equals("forces") == true { varray = .forces }
                else if n?.equals("stress") == true { varray = .stress }
                else { skip() }
            case .dos: inDos = true
            case .eigenvalues:
                if options.eigenvalues { inEigen = true; eigenRows.removeAll(); eigenShape = []; eigenSetDepths = [] }
                else { skip() }
            default: skip()
            }
            return
        }
        if inScstep {
            if depth == 4 {
                if tag == .energy { inScEnergy = true } else { skip() }
            } else if inScEnergy, tag == .i {
                scItems += 1
                if let n = attributes["name"] {
                    if n.equals("e_fr_energy") { capture(.scEnergy(.free)) }
                    else if n.equals("e_0_energy") { capture(.scEnergy(.sigma0)) }
                }
            } else {
                skip()
            }
        } else if inStepEnergy {
            if tag == .i, let n = attributes["name"] {
                if n.equals("e_fr_energy") { capture(.stepEnergy(.free)) }
                else if n.equals("e_wo_entrp") { capture(.stepEnergy(.withoutEntropy)) }
                else if n.equals("e_0_energy") { capture(.stepEnergy(.sigma0)) }
            } else {
                skip()
            }
        } else if inCalcStructure {
            startInStructure(tag, attributes)
        } else if varray == .forces || varray == .stress {
            if tag == .v { capture(.row(varray)) } else { skip() }
        } else if inDos {
            if depth == 4 {
                if tag == .i, attributes["name"]?.equals("efermi") == true { capture(.efermi) }
                else if tag == .total, options.dos { inDosTotal = true; dosRows.removeAll(); dosSpinCount = 0 }
                else { skip() }
            } else if inDosTotal {
                if tag == .set, depth >= 7 { dosSpinCount += 1 }
                else if tag == .r { capture(.dosRow) }
            }
        } else if inEigen {
            if tag == .set {
                eigenSetDepths.append(depth)
            } else if tag == .r {
                capture(.eigenRow)
            }
        } else {
            skip()
        }
    }

    func startInKpoints(_ tag: Tag, _ attributes: XMLAttributes) {
        switch tag {
        case .generation: kpoints.scheme = attributes["param"]?.string
        case .v:
            if varray == .kpointList || varray == .weights { capture(.row(varray)) }
            else if attributes["name"]?.equals("divisions") == true { capture(.divisions) }
        case .varray:
            let n = attributes["name"]
            if n?.equals("kpointlist") == true { varray = .kpointList }
            else if n?.equals("weights") == true { varray = .weights }
            else { skip() }
        default: skip()
        }
    }

    func startInAtominfo(_ tag: Tag, _ attributes: XMLAttributes) {
        switch tag {
        case .atoms where depth == 3: capture(.atomCount)
        case .array:
            let n = attributes["name"]
            if n?.equals("atoms") == true { atominfoArray = "atoms" }
            else if n?.equals("atomtypes") == true { atominfoArray = "atomtypes" }
            else { skip() }
        case .set: return
        case .rc: rowCells.removeAll(keepingCapacity: true)
        case .c: capture(.cell)
        default: skip()
        }
    }

    func endElement(_ name: XMLBytes, depth: Int, text: XMLBytes?) {
        self.depth = depth
        if let text {
            finishCapture(text.buffer)
            return
        }
        if depth == 1 {
            if name.equals("modeling") { sawModelingEnd = true }
            return
        }
        if depth == 2 {
            switch section {
            case .structure:
                let raw = RawStructure(basis: basis, positions: positions, selective: selective)
                if structureRole == .initial { initialRaw = raw } else if structureRole == .final { finalRaw = raw }
            case .calculation: commitStep()
            case .kpoints: varray = .none
            default: break
            }
            section = .none
            return
        }
        switch section {
        case .calculation:
            if depth == 3 {
                if inScstep {
                    inScstep = false; inScEnergy = false
                    current.scCount += 1
                    if scItems > 3 { current.groundCount += 1 }
                    current.scFree = scFree; current.scSigma0 = scSigma0; current.lastSCFDamage = scDamage
                } else if inStepEnergy {
                    inStepEnergy = false
                } else if inCalcStructure {
                    inCalcStructure = false
                    current.hasStructure = true
                    swap(&current.structure.basis, &basis)
                    swap(&current.structure.positions, &positions)
                    varray = .none
                } else if inDos {
                    inDos = false
                    if inDosTotal { inDosTotal = false; finishDOS() }
                } else if inEigen {
                    inEigen = false
                    finishEigen()
                }
                varray = .none
            } else if inCalcStructure, depth == 4 {
                varray = .none
            } else if inDos, inDosTotal, depth == 4 {
                inDosTotal = false
                finishDOS()
            } else if inEigen, let d = eigenSetDepths.last, d == depth {
                eigenSetDepths.removeLast()
                recordEigenSetEnd(depth: d)
            }
        case .structure:
            if depth == 3 || depth == 4 { if Self.tag(name) == .varray { varray = .none } }
        case .kpoints:
            if depth == 3, Self.tag(name) == .varray { varray = .none }
        case .atominfo:
            if Self.tag(name) == .rc {
                if atominfoArray == "atoms" {
                    speciesLabels.append(rowCells.first ?? "")
                    atomTypeIndices.append(rowCells.count > 1 ? Int(rowCells[1]) ?? 0 : 0)
                }
                else if atominfoArray == "atomtypes" { typeRows.append(rowCells) }
            } else if Self.tag(name) == .array {
                atominfoArray = ""
            }
        default: break
        }
    }

    func finishCapture(_ buf: UnsafeBufferPointer<UInt8>) {
        do {
            switch target {
            case .row(let kind):
                switch kind {
                case .basis: noteDamage(appendStepRow(buf, to: &basis, "the lattice (basis)", limit: Self.maxLatticeComponentA))
                case .positions: noteDamage(appendStepRow(buf, to: &positions, "the positions", limit: Self.maxFractional))
                case .selective: appendLogicals(buf, to: &selective)
                case .forces: noteDamage(appendStepRow(buf, to: &current.forces, "the forces", limit: Self.maxForceEVPerA))
                case .stress: noteDamage(appendStepRow(buf, to: &current.stress, "the stress", limit: Self.maxStressKBar))
                case .kpointList: FortranNumber.appendAll(buf, to: &kpointList)
                case .weights: FortranNumber.appendAll(buf, to: &weights)
                case .none: break
                }
            case .scEnergy(let kind):
                let v = single(buf)
                if !(v.isFinite && abs(v) <= Self.maxEnergyMagnitudeEV), scDamage == nil {
                    scDamage = kind == .free ? "e_fr_energy" : "e_0_energy"
                }
                if kind == .free { scFree = v } else if kind == .sigma0 { scSigma0 = v }
            case .stepEnergy(let kind):
                let v = single(buf)
                if !(v.isFinite && abs(v) <= Self.maxEnergyMagnitudeEV) {
                    current.markDamaged(["e_fr_energy", "e_wo_entrp", "e_0_energy", "energy"][[.free, .withoutEntropy, .sigma0, .other].firstIndex(of: kind)!]
                                        + " '" + String(decoding: buf, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).prefix(40) + "'")
                }
                switch kind {
                case .free: current.free = v
                case .withoutEntropy: current.withoutEntropy = v
                case .sigma0: current.sigma0 = v
                case .other: break
                }
            case .efermi:
                current.efermi = single(buf)
                if !(current.efermi.isFinite && abs(current.efermi) <= Self.maxFermiMagnitudeEV) { current.markDamaged("efermi") }
            case .dosRow: FortranNumber.appendAll(buf, to: &dosRows)
            case .eigenRow: FortranNumber.appendAll(buf, to: &eigenRows)
            case .generator(let name):
                let value = String(decoding: buf, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                switch name {
                case "program": generator.program = value
                case "version": generator.version = value
                case "subversion": generator.subversion = value
                case "platform": generator.platform = value
                case "date": generator.date = value
                case "time": generator.time = value
                default: break
                }
            case .parameter(let name, let type, let vector, let isIncar):
                let value = ParameterValue.parse(text: String(decoding: buf, as: UTF8.self), type: type, vector: vector)
                // A name written twice keeps its first value: VASP repeats NELM (and others) in the
                // "response functions" separator with GW meanings.
                if isIncar { incar[name] = value } else if parameters[name] == nil { parameters[name] = value }
            case .divisions:
                let ints = String(decoding: buf, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
                kpoints.divisions = ints
            case .atomCount:
                declaredAtomCount = Int(String(decoding: buf, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            case .cell:
                rowCells.append(String(decoding: buf, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            case .none: break
            }
        }
    }

    /// Appends a row of numbers; returns what is damaged when, inside a <calculation>, the row
    /// is not three finite numbers. (The caller records it: `out` may be part of `current`.)
    func appendStepRow(_ buf: UnsafeBufferPointer<UInt8>, to out: inout [Double], _ what: String, limit: Double) -> String? {
        let start = out.count
        FortranNumber.appendAll(buf, to: &out)
        guard section == .calculation else { return nil }
        if out.count - start != 3 || !out[start...].allSatisfy({ $0.isFinite && abs($0) <= limit }) {
            let text = String(decoding: buf, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(what): row '\(text.prefix(60))'"
        }
        return nil
    }

    func noteDamage(_ what: String?) { if let what { current.markDamaged(what) } }

    // Physical ranges of a step's numbers (docs/input-limits.md): beyond them a number is damage.
    static let maxEnergyMagnitudeEV = 1e8, maxForceEVPerA = 1e5, maxStressKBar = 1e7
    static let maxLatticeComponentA = 1e4, maxFractional = 1e3, maxFermiMagnitudeEV = 1e4

    @inline(__always) func single(_ buf: UnsafeBufferPointer<UInt8>) -> Double {
        var i = 0, j = buf.count
        while i < j, FortranNumber.isSpace(buf[i]) { i += 1 }
        while j > i, FortranNumber.isSpace(buf[j - 1]) { j -= 1 }
        return FortranNumber.parse(UnsafeBufferPointer(rebasing: buf[i..<j]))
    }

    func appendLogicals(_ buf: UnsafeBufferPointer<UInt8>, to out: inout [Bool]) {
        for token in buf.split(whereSeparator: FortranNumber.isSpace) {
            out.append(token.first.map { $0 | 0x20 == UInt8(ascii: "t") || ($0 == UInt8(ascii: ".") && token.count > 1 && token[token.startIndex + 1] | 0x20 == UInt8(ascii: "t")) } ?? false)
        }
    }

    // MARK: - Steps

    /// Keeps a closed <calculation> as the last valid step, or records the first damaged one.
    /// A step is valid only when every number it contributes was read: its energies, the last
    /// SCF step's energies, forces (3 per atom), stress (9), lattice and positions.
    func commitStep() {
        guard damage == nil else { return }  // after a damaged step nothing more is trusted
        let atoms = speciesLabels.count
        var problem = current.damage
        if problem == nil, let scf = current.lastSCFDamage { problem = "the last SCF step's \(scf)" }
        if problem == nil, !current.forces.isEmpty, current.forces.count != 3 * atoms {
            problem = "the forces: \(current.forces.count) numbers for \(atoms) atoms"
        }
        if problem == nil, !current.stress.isEmpty, current.stress.count != 9 {
            problem = "the stress: \(current.stress.count) numbers, expected 9"
        }
        if problem == nil, current.hasStructure,
           current.structure.basis.count != 9 || current.structure.positions.count != 3 * atoms {
            problem = "the structure: expected 9 lattice and \(3 * atoms) position numbers"
        }
        if let problem {
            damage = VasprunDamage(step: stepCount + 1, detail: problem)
            return
        }
        stepCount += 1
        if !current.efermi.isNaN { lastEfermi = current.efermi }
        if options.trajectory { trajectory.append(makeStep(current)) }
        swap(&current, &last)
    }

    /// True when the step block's own e_0_energy may stand in for σ→0 (no SCF step had both
    /// energies): VASP before 6 wrote a wrong e_0_energy there (docs/vasprun.md).
    lazy var rawSigma0IsTrustworthy: Bool = {
        let major = Int(generator.version.prefix { $0.isNumber }) ?? 0
        return major >= 6
    }()

    /// Selective-dynamics flags of the initial structure, one triple per atom (nil: all free).
    lazy var freeMask: [Bool]? = {
        guard let sel = initialRaw?.selective, !sel.isEmpty, sel.count == 3 * speciesLabels.count else { return nil }
        return sel
    }()

    /// The element of each atom: from its type's POTCAR title ("PAW_PBE Xe 07Sep2000") when
    /// that names an element, else from the `<atominfo>` label (VASP 5.3 writes "X" for Xe).
    lazy var elements: [Element?] = {
        let fromTitles: [Element?] = typeRows.map { row in
            guard row.count > 4 else { return nil }
            let words = row[4].split(whereSeparator: \.isWhitespace)
            return words.count > 1 ? Element(speciesLabel: String(words[1])) : nil
        }
        return speciesLabels.enumerated().map { k, label in
            let t = k < atomTypeIndices.count ? atomTypeIndices[k] - 1 : -1
            if t >= 0, t < fromTitles.count, let e = fromTitles[t] { return e }
            return Element(speciesLabel: label)
        }
    }()

    func makeStructure(_ raw: RawStructure, comment: String) -> Structure? {
        guard raw.basis.count == 9, raw.positions.count == 3 * elements.count, !elements.contains(nil),
              raw.basis.allSatisfy(\.isFinite), raw.positions.allSatisfy(\.isFinite) else { return nil }
        let lattice = Lattice([Array(raw.basis[0..<3]), Array(raw.basis[3..<6]), Array(raw.basis[6..<9])])
        let mask = freeMask
        var sites: [Site] = []
        sites.reserveCapacity(elements.count)
        for (k, element) in elements.enumerated() {
            let f = Vector3(raw.positions[3 * k], raw.positions[3 * k + 1], raw.positions[3 * k + 2])
            let flags = mask.map { Array($0[(3 * k)..<(3 * k + 3)]) }
            sites.append(Site(element: element!, fractional: f, selectiveDynamics: flags))
        }
        return Structure(lattice: lattice, sites: sites, comment: comment)
    }

    func makeStep(_ raw: RawStep) -> IonicStep {
        func opt(_ d: Double) -> Double? { d.isFinite ? d : nil }
        var sigma0 = rawSigma0IsTrustworthy ? opt(raw.sigma0) : nil
        if !raw.free.isNaN, !raw.scFree.isNaN, !raw.scSigma0.isNaN {
            sigma0 = raw.free + (raw.scSigma0 - raw.scFree)
        }
        let energies = StepEnergies(freeEnergyEV: opt(raw.free), energyWithoutEntropyEV: opt(raw.withoutEntropy),
                                    energySigma0EV: sigma0, rawSigma0AsWrittenEV: opt(raw.sigma0))
        var forces: [Vector3] = []
        var maxForce: Double?
        if raw.forces.count >= 3 {
            let n = raw.forces.count / 3
            forces.reserveCapacity(n)
            let mask = freeMask
            var best = 0.0
            for k in 0..<n {
                var f = Vector3(raw.forces[3 * k], raw.forces[3 * k + 1], raw.forces[3 * k + 2])
                forces.append(f)
                if let mask, mask.count >= 3 * k + 3 {
                    for a in 0..<3 where !mask[3 * k + a] { f[a] = 0 }
                }
                let norm = (f * f).sum().squareRoot()
                if norm.isNaN { continue }
                best = max(best, norm)
            }
            maxForce = best
        }
        var stress: Matrix3?
        if raw.stress.count == 9 {
            stress = Matrix3([Array(raw.stress[0..<3]), Array(raw.stress[3..<6]), Array(raw.stress[6..<9])])
        }
        return IonicStep(
            energies: energies, structure: raw.hasStructure ? makeStructure(raw.structure, comment: "") : nil,
            forcesEVPerA: forces, stressKBar: stress, scfStepCount: raw.scCount,
            groundStateSCFStepCount: raw.groundCount, maxForceEVPerA: maxForce, efermiEV: opt(raw.efermi))
    }

    // MARK: - DOS and eigenvalues

    func finishDOS() {
        // Rows are (energy, total, integrated) per spin set, spins one after another.
        let spins = max(dosSpinCount, 1)
        let perSpin = dosRows.count / 3 / spins
        guard perSpin > 0 else { return }
        var energies: [Double] = []
        var densities: [[Double]] = Array(repeating: [], count: spins)
        for s in 0..<spins {
            for k in 0..<perSpin {
                let base = 3 * (s * perSpin + k)
                if s == 0 { energies.append(dosRows[base]) }
                densities[s].append(dosRows[base + 1])
            }
        }
        lastDOS = TotalDOS(energiesEV: energies, densities: densities)
    }

    func recordEigenSetEnd(depth: Int) {
        // Depth of the innermost sets (k-points) is recorded as the row count so far.
        eigenShape.append(eigenRows.count)
    }

    func finishEigen() {
        // <eigenvalues><array><set><set comment="spin 1"><set comment="kpoint 1"><r>e occ</r>...
        // The innermost sets (k-points) were recorded in order; spin sets close after their k-points.
        let kEnds = eigenShape
        guard !kEnds.isEmpty else { return }
        let spins = parameters["ISPIN"]?.intValue ?? 1
        var bandsPerK: [[(Double, Double)]] = []
        var start = 0
        for end in kEnds where end > start {
            var bands: [(Double, Double)] = []
            var k = start
            while k + 1 < end { bands.append((eigenRows[k], eigenRows[k + 1])); k += 2 }
            bandsPerK.append(bands)
            start = end
        }
        let perSpin = max(1, bandsPerK.count / max(spins, 1))
        var energies: [[[Double]]] = [], occupations: [[[Double]]] = []
        for s in 0..<(bandsPerK.count / perSpin) {
            let slice = bandsPerK[(s * perSpin)..<((s + 1) * perSpin)]
            energies.append(slice.map { $0.map(\.0) })
            occupations.append(slice.map { $0.map(\.1) })
        }
        lastEigen = Eigenvalues(energiesEV: energies, occupations: occupations)
    }

    // MARK: - Result

    func finish(_ summary: XMLParseSummary) throws(VasprunError) -> Vasprun {
        let complete = sawModelingEnd && summary.wellFormed && damage == nil
        guard stepCount > 0 else {
            if let damage { throw .damaged(path: path, step: damage.step, detail: damage.detail, lastValidStep: nil) }
            let reason: String
            if let message = summary.errorMessage, !summary.wellFormed {
                reason = "the XML stops: \(message)"
            } else if stepsStarted == 0 {
                reason = "the file holds no <calculation> block"
            } else {
                reason = "the only <calculation> block is unfinished"
            }
            throw .noCompleteStep(path: path, line: summary.errorLine, reason: reason)
        }
        let unknown = zip(speciesLabels, elements).filter { $0.1 == nil }.map(\.0)
        guard unknown.isEmpty else {
            throw .inconsistent(path: path, detail: "<atominfo> names unknown element(s) \(unknown)")
        }
        if let declaredAtomCount, declaredAtomCount != speciesLabels.count {
            throw .inconsistent(path: path, detail: "<atominfo> declares \(declaredAtomCount) atoms but lists \(speciesLabels.count)")
        }
        kpoints.points = stride(from: 0, to: kpointList.count - 2, by: 3).map {
            Vector3(kpointList[$0], kpointList[$0 + 1], kpointList[$0 + 2])
        }
        kpoints.weights = weights
        let lastStep = makeStep(last)
        let initial = initialRaw.flatMap { makeStructure($0, comment: "initialpos") }
        var final = finalRaw.flatMap { makeStructure($0, comment: "finalpos") }
        if final == nil, var s = lastStep.structure { s.comment = "last complete step"; final = s }
        var truncation: Truncation?
        if !complete {
            truncation = Truncation(
                line: summary.errorLine,
                message: damage.map { "damaged at ionic step \($0.step): \($0.detail)" }
                    ?? summary.errorMessage ?? "the document does not end with </modeling>",
                incompleteSteps: stepsStarted - stepCount)
        }
        let elementsList = elements.map { $0! }
        return Vasprun(
            path: path, generator: generator, incar: incar, parameters: parameters, atomSpecies: elementsList,
            potcarTitles: typeRows.map { $0.count > 4 ? $0[4] : "" }, kpoints: kpoints,
            initialStructure: initial, finalStructure: final, ionicStepCount: stepCount, lastStep: lastStep,
            ionicSteps: trajectory, efermiEV: lastEfermi, complete: complete, truncation: truncation,
            damage: damage, dos: lastDOS, eigenvalues: lastEigen)
    }
}
