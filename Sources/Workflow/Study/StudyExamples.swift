import Foundation
import Resources

/// The studies `adhere init` writes.
public enum StudyExample: String, CaseIterable, Sendable {
    /// The seed paper: Li(001) on LLZO, LiCF3SO3, LiF and Li2CO3 (001).
    case paper
    /// The smallest useful study: Li(001) on LiF(001) (used when no example is named).
    case minimal

    /// The shipped structure files the example uses (copied into STUDY/structures/).
    public var structureFiles: [String] {
        switch self {
        case .paper: return ["Li-bcc.cif", "Li7La3Zr2O12.cif", "LiCF3SO3.cif", "LiF.cif", "Li2CO3.cif"]
        case .minimal: return ["Li-bcc.cif", "LiF.cif"]
        }
    }

    /// The study.yaml text, with comments.
    public var yaml: String {
        switch self {
        case .paper: return StudyExample.paperYAML
        case .minimal: return StudyExample.minimalYAML
        }
    }

    static let header = """
        # Adhere study file (docs/study-file.md). Paths are relative to this folder.
        # adhere plan   checks every input and estimates the cost;
        # adhere run    builds, submits, waits, collects and reports (run it again to resume).

        """

    static let paperYAML = header + """
        name: paper
        description: >-
          Li(001) on four interlayers of the seed paper (LLZO, LiCF3SO3, LiF, Li2CO3), computed with
          a universal machine-learned potential (SevenNet-0 + D3(BJ), CHGNet as second opinion): a
          prescreen in minutes on a 2-core local Slurm, not DFT. Slabs are kept small; the paper's
          own settings are stated next to each entry. For VASP, set input_profile to
          li-interface-pbe-d3 (and a cluster profile whose vaspCommand runs VASP).

        metal:
          structure: structures/Li-bcc.cif
          miller: [0, 0, 1]
          layers: 5               # paper: a thicker Li slab; 5 layers keep the stand-in run short
          bulk_lattice_a: 3.44    # PBE lattice constant of bcc Li (experiment: 3.51 Å at room temperature)

        # The paper's Li(001)||X(001) cells (film/substrate): LLZO 4×4/1×1, LiCF3SO3 3×3/1×1,
        # LiF 4×4/3×3, Li2CO3 3×3/2×2. LLZO's is sound and used as is; the triflate face needs a
        # 1×2 cell; the paper's LiF cell compresses Li by ≈12 % and its Li2CO3 cell is not a
        # coherent (001) cell, so those two are left to the lattice matcher (docs/interfaces.md).
        interlayers:
          - name: LLZO
            structure: structures/Li7La3Zr2O12.cif   # ordered tetragonal I4_1/acd, 192 atoms per cell
            miller: [0, 0, 1]
            layers: 1
            min_thickness_a: 9    # a stoichiometric 144-atom slab, ≈ 0.7 of the 12.7 Å cell (the paper: thicker)
            supercells:           # paper: Li(001) 4×4 on LLZO(001) 1×1 (≈4 % in length)
              metal: [[4, 0], [0, 4]]
              interlayer: [[1, 0], [0, 1]]
          - name: LiCF3SO3
            structure: structures/LiCF3SO3.cif
            miller: [0, 0, 1]
            layers: 1
            min_thickness_a: 9    # a stoichiometric slab of whole anions; the paper used a thicker one
            supercells:           # paper writes 3×3 / 1×1; the triflate a×b face needs 1×2 (≈2 % strain)
              metal: [[3, 0], [0, 3]]
              interlayer: [[1, 0], [0, 2]]
          - name: LiF
            structure: structures/LiF.cif
            miller: [0, 0, 1]
            layers: 1
            min_thickness_a: 6    # paper: 4×4 / 3×3; here the matcher's cell within the limits below
          - name: Li2CO3
            structure: structures/Li2CO3.cif
            miller: [0, 0, 1]
            layers: 1
            min_thickness_a: 7    # paper: 3×3 / 2×2 (W_ad 0.09 J/m², θ 142°); here the matcher's cell

        matching:
          max_area_a2: 120        # paper-sized cells reach ≈190 Å² (LLZO, given explicitly above)
          max_strain_percent: 5

        geometry:
          gap_a: 2.0              # Li–interlayer plane distance before relaxation
          vacuum_a: 15.0

        # The ML engine (docs/engines.md): SevenNet-0 + D3(BJ), CHGNet on the same geometries as a
        # second opinion. The paper's VASP protocol is li-interface-pbe-d3 (PBE, D3, ENCUT 450 eV).
        input_profile: li-interface-mlip-d3
        cluster_profile: local    # cluster/local.yaml: the local Slurm of cluster/local/start-slurm.sh
        attempt_limit: 3

        surface_energy:           # σ of Li(001) from a Fiorentini–Methfessel series
          method: fiorentini-methfessel
          layers: [3, 5, 7]

        """

    static let minimalYAML = header + """
        name: minimal
        description: Li(001) on LiF(001), the smallest study that exercises every step.

        metal:
          structure: structures/Li-bcc.cif
          miller: [0, 0, 1]
          layers: 3
          bulk_lattice_a: 3.44

        interlayers:
          - name: LiF
            structure: structures/LiF.cif
            miller: [0, 0, 1]
            layers: 1
            min_thickness_a: 4

        matching:
          max_area_a2: 80
          max_strain_percent: 5

        geometry:
          gap_a: 2.0
          vacuum_a: 10.0

        input_profile: li-interface-pbe-d3
        cluster_profile: local
        attempt_limit: 3

        surface_energy:
          method: fiorentini-methfessel
          layers: [3, 5]

        """

    /// Writes the example into `directory` (created if needed): study.yaml and the structure
    /// files it names, copied from the shipped structures/. Refuses to overwrite an existing
    /// study.yaml unless `force`.
    public func write(to directory: URL, force: Bool = false) throws -> [URL] {
        let fm = FileManager.default
        try fm.createDirectory(at: directory.appendingPathComponent("structures"), withIntermediateDirectories: true)
        let studyURL = directory.appendingPathComponent(StudyFile.fileName)
        // The same example again is fine (so `adhere init DIR --example paper && adhere run DIR` can
        // be repeated and resumes); another study file is only replaced with `force`.
        if fm.fileExists(atPath: studyURL.path) && !force,
           (try? String(contentsOf: studyURL, encoding: .utf8)) != yaml {
            throw StudyError(file: studyURL.path, key: "", problem: "a different study file exists already (use --force to overwrite it)")
        }
        for name in structureFiles where !fm.fileExists(atPath: ResourceLocator.structure(name).path) {
            throw StudyError(file: ResourceLocator.structure(name).path, key: "",
                             problem: "shipped structure missing (set ADHERE_HOME to the folder holding structures/)")
        }
        var written: [URL] = []
        for name in structureFiles {
            let source = ResourceLocator.structure(name)
            let target = directory.appendingPathComponent("structures").appendingPathComponent(name)
            if fm.fileExists(atPath: target.path) {
                if fm.contentsEqual(atPath: target.path, andPath: source.path) { written.append(target); continue }
                try fm.removeItem(at: target)
            }
            try fm.copyItem(at: source, to: target)
            written.append(target)
        }
        try yaml.write(to: studyURL, atomically: true, encoding: .utf8)
        written.insert(studyURL, at: 0)
        return written
    }
}
