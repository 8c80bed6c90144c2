import Adhesion
import Archive
import Crystal
import Foundation
import Workflow

/// The readers the fuzz harness drives, and the seed inputs each mutates.
enum FuzzReader: String, CaseIterable, Sendable {
    case poscar, cif, xyz, study, vasprun, archive

    /// File extension of saved inputs.
    var fileExtension: String {
        switch self {
        case .poscar: return "vasp"
        case .cif: return "cif"
        case .xyz: return "xyz"
        case .study: return "yaml"
        case .vasprun: return "xml"
        case .archive: return "h5"
        }
    }
}

/// Seeds, built once per worker from the shipped structures, the shared vasprun fixtures (read
/// in place) and an archive written on the spot.
struct FuzzCorpus {
    let reader: FuzzReader
    /// Seed inputs (text readers: UTF-8 text; archive: file bytes).
    var seeds: [[UInt8]] = []
    /// Format-specific hostile lines to insert.
    var extraLines: [String] = []
    /// A scratch folder for this worker (study structure files, input files).
    let scratch: URL

    init(reader: FuzzReader, scratch: URL, sharedFixtures: URL?) throws {
        self.reader = reader
        self.scratch = scratch
        let structures = try FuzzCorpus.shippedStructures(scratch)
        switch reader {
        case .poscar:
            seeds = structures.map { Array(POSCAR.string($0).utf8) }
            if let shared = sharedFixtures {
                for dir in ["aiida_born_effective_charge", "lobster_v51", "max_force", "pyiron_killed_interface_slab"] {
                    for name in ["POSCAR", "CONTCAR"] {
                        if let data = FileManager.default.contents(atPath: shared.appendingPathComponent("calc-dirs/\(dir)/\(name)").path) {
                            seeds.append(Array(data))
                        }
                    }
                }
            }
            extraLines = ["Selective dynamics", "Cartesian", "  -5", "  1000000000", "  9223372036854775807 1",
                          "  0.0 0.0 0.0", "  0 0 0", "Cm Cf No", "-1e308", "0 0 0 0 0 0 0 0 0"]
        case .cif:
            let names = try StudyExample.paper.structureFiles() + StudyExample.minimal.structureFiles()
            for name in Set(names).sorted() {
                if let data = FileManager.default.contents(atPath: scratch.appendingPathComponent("structures/\(name)").path) {
                    seeds.append(Array(data))
                }
            }
            seeds += structures.map { Array(CIF.string($0).utf8) }
            extraLines = ["loop_\n_symmetry_equiv_pos_as_xyz\n'x, x, x'", "'x, x, x'", "'2x, y, z'", "'-y, x-y, z'", "'x+1/2, y, z'",
                          "_atom_site_occupancy", "Li Li1 0 0 0 2", "Li Li9 0.0 0.0 0.0 1", "Cm Cm1 0.1 0.2 0.3 1",
                          "_cell_angle_gamma 180", "_cell_length_a 0", "data_second", ";", "loop_"]
        case .xyz:
            seeds = structures.map { Array(ExtendedXYZ.string($0).utf8) }
            extraLines = ["Li 0 0 0", "Cm 1 1 1", "1000000000", "Lattice=\"0 0 0 0 0 0 0 0 0\"",
                          "Properties=species:S:1:pos:R:3:forces:R:3", "Li 1e308 0 0"]
        case .study:
            for example in StudyExample.allCases { seeds.append(Array(try example.yaml().utf8)) }
            extraLines = ["bulk_lattice_a: .inf", "layers: 100000", "max_area_a2: 1e9", "vacuum_a: 1e12",
                          "supercell: [[4294967296, 0], [0, 1]]", "bulk_lattice_A: 3.51", "  - name: ../../etc", "name: \"\""]
        case .vasprun:
            guard let shared = sharedFixtures else { break }
            for name in ["large_cell_real_optlay", "killed_interface_slab", "parsevasp_velocities", "parsevasp_overflow",
                         "dfpt_born_charges", "max_force_relax", "vasp46_slab_selective"] {
                if let data = FileManager.default.contents(atPath: shared.appendingPathComponent("vasprun/\(name).vasprun.xml").path) {
                    seeds.append(Array(data))
                }
            }
            extraLines = ["<i name=\"e_fr_energy\">1e999</i>", "<v>NaN 0 0</v>", "<v>**** **** ****</v>",
                          "<calculation>", "</calculation>", "<atoms>1000000000</atoms>", "<rc><c>Cm</c><c>1</c></rc>"]
        case .archive:
            seeds = [try FuzzCorpus.sampleArchive(scratch)]
        }
    }

    /// The shipped structures (the study examples' files), read with Adhere's CIF reader.
    static func shippedStructures(_ scratch: URL) throws -> [Structure] {
        _ = try StudyExample.paper.write(to: scratch, force: true)
        _ = try StudyExample.minimal.write(to: scratch, force: true)
        let folder = scratch.appendingPathComponent("structures")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { $0.hasSuffix(".cif") }
            .map { try StructureFile.read(path: folder.appendingPathComponent($0).path) }
    }

    /// A small archive with one calculation and one interface (numbers chosen by hand:
    /// ΔE = −100 − 200 + 300.5 eV over 50 Å²).
    static func sampleArchive(_ scratch: URL) throws -> [UInt8] {
        let path = scratch.appendingPathComponent("seed-archive.h5").path
        try? FileManager.default.removeItem(atPath: path)
        let structure = Structure(lattice: Lattice([[3.44, 0, 0], [0, 3.44, 0], [0, 0, 20.0]]),
                                  elements: [Element(symbol: "Li")!, Element(symbol: "Li")!, Element(symbol: "O")!],
                                  fractional: [Vector3(0, 0, 0.1), Vector3(0.5, 0.5, 0.2), Vector3(0.25, 0.75, 0.3)],
                                  comment: "Li2O fuzz seed")
        let date = Date(timeIntervalSince1970: 1_764_000_000)
        let calculation = ArchivedCalculation(
            id: "iface", role: "interface",
            energies: IonicStepEnergies(freeEnergyEV: [-300.4, -300.5], energyWithoutEntropyEV: [-300.4, -300.5],
                                        energySigma0EV: [-300.4, -300.5]),
            finalStructure: structure, forcesEVPerA: [[0.01, -0.02, 0.03], [0, 0, 0], [-0.01, 0.02, -0.03]],
            incar: ["ENCUT": "450", "ISMEAR": "0"], kpointMesh: [4, 4, 1], potcars: ["PAW_PBE Li_sv 10Feb1998"],
            vaspVersion: "6.4.2", inputHash: "sha256:00", slurmJobID: "1", submittedAt: date, startedAt: date,
            finishedAt: date, collectedAt: date, isStandIn: false)
        let w = try WorkOfAdhesion(interfaceEnergyEV: -300.5, filmEnergyEV: -100, substrateEnergyEV: -200, interfaceAreaA2: 50)
        let interface = ArchivedInterface(
            name: "Li001_Li2O_001", filmLabel: "Li(001)", substrateLabel: "Li2O(001)", filmMiller: [0, 0, 1],
            substrateMiller: [0, 0, 1], filmSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            substrateSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], strainPercent: 1.25, atomCount: 3,
            interfaceCalculationID: "iface", filmCalculationID: "film", substrateCalculationID: "sub",
            analysis: try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .given(jPerM2: 0.4245)), corrections: [])
        try ArchiveWriter(path: path).commit(calculations: [calculation], interfaces: [interface])
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
