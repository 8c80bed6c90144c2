import Foundation
import Testing
import Crystal
import Slurm
import TestSupport
@testable import Engines

/// The ASE runner as a real job on the local Slurm (cluster/local/start-slurm.sh) with the mlip
/// template: CHGNet 0.3.0 (the fastest model) on a 2-atom bcc Li cell. Needs the engines of
/// cluster/local/install.sh; skips with the reason otherwise.
@Suite(.serialized, .sharedCluster) struct EngineRunnerLocalSlurmTests {
    static let venvPython = "/opt/adhere-venv/bin/python"
    static var chgnetWeights: String? {
        let dir = "/opt/adhere-venv/lib/python3.11/site-packages/chgnet/pretrained/0.3.0"
        return (try? FileManager.default.contentsOfDirectory(atPath: dir))?.first { $0.hasSuffix(".pth.tar") }.map { "\(dir)/\($0)" }
    }
    static var ready: Bool { LocalSlurm.reachable && chgnetWeights != nil }

    @Test(.enabled(if: ready, "needs the local Slurm and the engines (cluster/local/install.sh)"))
    func mlipStaticJobWritesAResultAdhereReads() async throws {
        let folder = try Fixtures.temporaryDirectory("adhere-engine-slurm")
        let li = Element(symbol: "Li")!
        let structure = Structure(lattice: .cubic(3.44), sites: [
            Site(element: li, fractional: Vector3(0, 0, 0)), Site(element: li, fractional: Vector3(0.5, 0.5, 0.5)),
        ])
        let profile = EngineProfile(engine: .mlip, model: .chgnet, dispersion: .none)
        try EngineInput(profile: profile, relax: false, bulk: true, kpoints: nil, dipoleAxis: nil).write(structure: structure, to: folder)

        var cluster = try ClusterProfile.named("local")
        cluster.memory = "2048M"
        let spec = JobSpec(calculationID: "engine-test-\(UUID().uuidString.prefix(8))", folder: folder.path, profile: cluster)
        let script = try JobScript.render(spec, templatePath: Fixtures.project("templates/engines/mlip.slurm.mustache"))
        try script.write(to: folder.appendingPathComponent("job.sh"), atomically: true, encoding: .utf8)
        let submit = Fixtures.run("/usr/bin/sbatch", ["--parsable", "job.sh"], environment: LocalSlurm.environment, currentDirectory: folder.path)
        try #require(submit.status == 0, "sbatch: \(submit.stderr)")
        let jobID = submit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try await Poll.until(seconds: 600, every: 2) {
            Fixtures.run("/usr/bin/squeue", ["-h", "-j", jobID], environment: LocalSlurm.environment)
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        let result = try EngineResultReader.read(path: folder.appendingPathComponent(EngineInput.resultFileName).path)
        #expect(result.isComplete && result.converged, "\(String(describing: result.failure)) \(String(describing: result.damage))")
        #expect(result.provenance.engine == .mlip && result.provenance.model == "chgnet")
        // The weights checksum the runner records is the file's own (coreutils sha256sum).
        let sum = Fixtures.run("/usr/bin/sha256sum", [Self.chgnetWeights!]).stdout.split(separator: " ").first.map(String.init)
        #expect(result.provenance.modelSHA256 == sum)
        // CHGNet is trained on Materials Project PBE energies: bcc Li mp-135 is −1.909 eV/atom (GGA).
        let perAtom = try #require(result.energyEV) / 2
        #expect(abs(perAtom - (-1.909)) < 0.1, "E/atom \(perAtom) eV")
        // Newton's third law: the forces on a periodic cell add up to zero.
        let f = try #require(result.lastStep?.forcesEVPerA)
        #expect((0..<3).allSatisfy { axis in abs(f.map { $0[axis] }.reduce(0, +)) < 1e-3 })
        try? FileManager.default.removeItem(at: folder)
    }
}
