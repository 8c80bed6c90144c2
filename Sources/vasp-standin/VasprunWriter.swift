import Crystal
import Foundation

/// Writes vasprun.xml the way VASP does: the head at start, one `<calculation>` per ionic step
/// as it finishes (flushed, so a killed run leaves a truncated file), and the final structure
/// and `</modeling>` only at a clean end. Element and attribute names are VASP's.
final class VasprunWriter {
    private let handle: FileHandle

    init(path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: path) else { throw StandinError.missing(path) }
        handle = h
    }

    deinit { try? handle.close() }

    /// Appends text and flushes it to disk.
    func write(_ text: String) {
        handle.write(Data(text.utf8))
        try? handle.synchronize()
    }

    /// Writes everything up to (not including) the first `<calculation>`.
    func writeHead(incar: StandinIncar, kpoints: StandinKpoints, structure: Structure, date: Date) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy MM dd"
        let day = formatter.string(from: date)
        formatter.dateFormat = "HH:mm:ss"
        let time = formatter.string(from: date)
        var x = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<modeling>\n <generator>\n"
        x += "  <i name=\"program\" type=\"string\">vasp-standin </i>\n"
        x += "  <i name=\"version\" type=\"string\">0.1.0  </i>\n"
        x += "  <i name=\"subversion\" type=\"string\">NOT VASP: pair-potential stand-in, numbers are not physics </i>\n"
        x += "  <i name=\"platform\" type=\"string\">adhere </i>\n"
        x += "  <i name=\"date\" type=\"string\">\(day) </i>\n"
        x += "  <i name=\"time\" type=\"string\">\(time) </i>\n </generator>\n"
        x += incarBlock(incar)
        x += kpointsBlock(kpoints)
        x += parametersBlock(incar, structure: structure)
        x += atominfoBlock(structure)
        x += structureBlock(structure, name: "initialpos", indent: " ")
        write(x)
    }

    /// One ionic step.
    func writeCalculation(structure: Structure, result: PairPotential.Result, step: Int) {
        var x = " <calculation>\n"
        // Three electronic steps converging onto the final energy (deterministic).
        let e = result.energyEV
        for (k, offset) in [0.5, 0.004, 0.0].enumerated() {
            x += "  <scstep>\n   <time name=\"total\">    0.01    0.01</time>\n   <energy>\n"
            if k == 0 { x += "    <i name=\"alphaZ\">      0.00000000 </i>\n" }
            x += energyItems(e + offset, indent: "    ")
            x += "   </energy>\n  </scstep>\n"
        }
        x += structureBlock(structure, name: nil, indent: "  ")
        x += "  <varray name=\"forces\" >\n"
        for f in result.forcesEVPerA { x += "   <v> \(Fortran.f(f.x)) \(Fortran.f(f.y)) \(Fortran.f(f.z)) </v>\n" }
        x += "  </varray>\n  <varray name=\"stress\" >\n"
        for row in result.stressKBar { x += "   <v> \(row.map { Fortran.f($0) }.joined(separator: " ")) </v>\n" }
        x += "  </varray>\n  <energy>\n"
        x += energyItems(e, indent: "   ")
        x += "  </energy>\n  <time name=\"totalsc\">    0.03    0.03</time>\n </calculation>\n"
        write(x)
    }

    /// The final structure and the closing tag.
    func writeTail(structure: Structure) {
        write(structureBlock(structure, name: "finalpos", indent: " ") + "</modeling>\n")
    }

    private func energyItems(_ e: Double, indent: String) -> String {
        // No smearing in a pair potential: free energy, energy without entropy and σ→0 agree.
        ["e_fr_energy", "e_wo_entrp", "e_0_energy"].map { "\(indent)<i name=\"\($0)\"> \(Fortran.f(e)) </i>\n" }.joined()
    }

    private func incarBlock(_ incar: StandinIncar) -> String {
        var x = " <incar>\n"
        for (name, raw) in incar.tags {
            let value = raw.trimmingCharacters(in: .whitespaces)
            let words = value.split(separator: " ")
            let escaped = xmlEscape(value)
            if words.count > 1, words.allSatisfy({ FortranNumber.double($0) != nil || $0.contains("*") }) {
                x += "  <v name=\"\(xmlEscape(name))\">\(escaped)</v>\n"
            } else if Int(value) != nil {
                x += "  <i type=\"int\" name=\"\(xmlEscape(name))\">\(escaped)</i>\n"
            } else if FortranNumber.double(value) != nil {
                x += "  <i name=\"\(xmlEscape(name))\">\(escaped)</i>\n"
            } else if [".TRUE.", ".FALSE.", "T", "F", "TRUE", "FALSE"].contains(value.uppercased()) {
                x += "  <i type=\"logical\" name=\"\(xmlEscape(name))\"> \(value.uppercased().contains("T") ? "T" : "F")  </i>\n"
            } else {
                x += "  <i type=\"string\" name=\"\(xmlEscape(name))\">\(escaped)</i>\n"
            }
        }
        return x + " </incar>\n"
    }

    private func kpointsBlock(_ k: StandinKpoints) -> String {
        let d = k.divisions ?? [1, 1, 1]
        var x = " <kpoints>\n  <generation param=\"\(k.style == "Monkhorst-Pack" ? "Monkhorst-Pack" : "Gamma")\">\n"
        x += "   <v type=\"int\" name=\"divisions\"> \(d.map { String(format: "%8d", $0) }.joined(separator: " ")) </v>\n"
        x += "   <v name=\"usershift\"> \(Fortran.f(0)) \(Fortran.f(0)) \(Fortran.f(0)) </v>\n"
        x += "  </generation>\n  <varray name=\"kpointlist\" >\n"
        var points: [[Double]] = []
        let mp = k.style == "Monkhorst-Pack"
        for i in 0..<d[0] { for j in 0..<d[1] { for l in 0..<d[2] {
            let idx = [i, j, l]
            points.append((0..<3).map { a in
                var f = (Double(idx[a]) + (mp ? (1 - Double(d[a] % 2)) * 0.5 : 0)) / Double(d[a])
                if f > 0.5 + 1e-9 { f -= 1 }
                return f
            })
        } } }
        for p in points { x += "   <v> \(p.map { Fortran.f($0) }.joined(separator: " ")) </v>\n" }
        x += "  </varray>\n  <varray name=\"weights\" >\n"
        for _ in points { x += "   <v> \(Fortran.f(1 / Double(points.count))) </v>\n" }
        return x + "  </varray>\n </kpoints>\n"
    }

    private func parametersBlock(_ incar: StandinIncar, structure: Structure) -> String {
        var x = " <parameters>\n  <separator name=\"general\" >\n"
        x += "   <i type=\"string\" name=\"SYSTEM\">\(xmlEscape(incar.system))</i>\n  </separator>\n"
        x += "  <separator name=\"electronic\" >\n"
        x += "   <i name=\"ENMAX\"> \(Fortran.f(incar.double("ENCUT") ?? 400)) </i>\n"
        x += "   <i name=\"EDIFF\"> \(Fortran.f(incar.double("EDIFF") ?? 1e-4)) </i>\n"
        x += "   <i type=\"int\" name=\"NELM\"> \(String(format: "%5d", incar.int("NELM") ?? 60)) </i>\n"
        x += "   <separator name=\"electronic spin\" >\n"
        x += "    <i type=\"int\" name=\"ISPIN\"> \(String(format: "%5d", incar.int("ISPIN") ?? 1)) </i>\n"
        x += "   </separator>\n  </separator>\n"
        x += "  <separator name=\"ionic\" >\n"
        x += "   <i type=\"int\" name=\"NSW\"> \(String(format: "%5d", incar.nsw)) </i>\n"
        x += "   <i type=\"int\" name=\"IBRION\"> \(String(format: "%5d", incar.ibrion)) </i>\n"
        x += "   <i type=\"int\" name=\"ISIF\"> \(String(format: "%5d", incar.isif)) </i>\n"
        x += "   <i name=\"EDIFFG\"> \(Fortran.f(incar.ediffg)) </i>\n"
        x += "  </separator>\n"
        return x + " </parameters>\n"
    }

    private func atominfoBlock(_ s: Structure) -> String {
        let species = s.speciesInOrder
        var x = " <atominfo>\n  <atoms> \(String(format: "%7d", s.count)) </atoms>\n"
        x += "  <types> \(String(format: "%7d", species.count)) </types>\n"
        x += "  <array name=\"atoms\" >\n   <dimension dim=\"1\">ion</dimension>\n"
        x += "   <field type=\"string\">element</field>\n   <field type=\"int\">atomtype</field>\n   <set>\n"
        for site in s.sites {
            let t = species.firstIndex(of: site.element)! + 1
            x += "    <rc><c>\(site.element.symbol.padding(toLength: 2, withPad: " ", startingAt: 0))</c><c>\(String(format: "%4d", t))</c></rc>\n"
        }
        x += "   </set>\n  </array>\n  <array name=\"atomtypes\" >\n   <dimension dim=\"1\">type</dimension>\n"
        x += "   <field type=\"int\">atomspertype</field>\n   <field type=\"string\">element</field>\n"
        x += "   <field>mass</field>\n   <field>valence</field>\n   <field type=\"string\">pseudopotential</field>\n   <set>\n"
        let counts = s.composition
        for e in species {
            x += "    <rc><c>\(String(format: "%4d", counts[e] ?? 0))</c><c>\(e.symbol.padding(toLength: 2, withPad: " ", startingAt: 0))</c>"
            x += "<c> \(Fortran.f(e.massAmu))</c><c> \(Fortran.f(1))</c><c> stand-in \(e.symbol) (no POTCAR read)</c></rc>\n"
        }
        return x + "   </set>\n  </array>\n </atominfo>\n"
    }

    private func structureBlock(_ s: Structure, name: String?, indent p: String) -> String {
        var x = p + (name.map { "<structure name=\"\($0)\" >\n" } ?? "<structure>\n")
        x += p + " <crystal>\n" + p + "  <varray name=\"basis\" >\n"
        for r in s.lattice.matrix.rows { x += p + "   <v> \(Fortran.f(r.x)) \(Fortran.f(r.y)) \(Fortran.f(r.z)) </v>\n" }
        x += p + "  </varray>\n" + p + "  <i name=\"volume\"> \(Fortran.f(s.volumeA3)) </i>\n"
        x += p + "  <varray name=\"rec_basis\" >\n"
        for r in s.lattice.reciprocalWithoutTwoPi.matrix.rows {
            x += p + "   <v> \(Fortran.f(r.x)) \(Fortran.f(r.y)) \(Fortran.f(r.z)) </v>\n"
        }
        x += p + "  </varray>\n" + p + " </crystal>\n" + p + " <varray name=\"positions\" >\n"
        for site in s.sites {
            let f = site.fractional
            x += p + "  <v> \(Fortran.f(f.x)) \(Fortran.f(f.y)) \(Fortran.f(f.z)) </v>\n"
        }
        x += p + " </varray>\n"
        if s.hasSelectiveDynamics {
            x += p + " <varray name=\"selective\"  type=\"logical\" >\n"
            for site in s.sites {
                let flags = site.selectiveDynamics ?? [true, true, true]
                x += p + "  <v type=\"logical\" >  \(flags.map { $0 ? "T" : "F" }.joined(separator: "  ")) </v>\n"
            }
            x += p + " </varray>\n"
        }
        return x + p + "</structure>\n"
    }

    private func xmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
