import ArgumentParser

/// `adhere-bench archive`: HDF5 archive writing against h5py.
struct ArchiveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Benchmark: HDF5 archive writing against h5py.")

    func run() async throws { print("adhere-bench archive: not implemented yet") }
}
