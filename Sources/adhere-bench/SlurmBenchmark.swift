import ArgumentParser

/// `adhere-bench slurm`: submitting and tracking many jobs on the local Slurm.
struct SlurmBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Benchmark: submitting and tracking many jobs on the local Slurm.")

    func run() async throws { print("adhere-bench slurm: not implemented yet") }
}
