// swift-tools-version:6.2
// Adhere: a DFT workflow manager for Li-metal interface adhesion studies.
//
// Module graph (dependencies point one way, see docs/architecture.md):
//   Units ─┬─ Crystal ─┬─ VASP (+ XMLStream, Crypto, Mustache, Yams)
//          │           ├─ Archive (+ HDF5)
//          ├─ Adhesion ┴─ Report
//   Slurm (Subprocess, SystemPackage, Mustache, Yams) — never Crystal or VASP
//   Workflow = where VASP, Slurm, Adhesion and Archive meet (+ GRDB, Crypto, SystemPackage)
//   adhere (CLI), vasp-standin, adhere-bench: executables on top.
import PackageDescription

let package = Package(
    name: "Adhere",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "adhere", targets: ["adhere"]),
        .executable(name: "vasp-standin", targets: ["vasp-standin"]),
        .executable(name: "adhere-bench", targets: ["adhere-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // C libraries from Debian (libxml2-dev, libhdf5-dev); see docs/c-libraries.md.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),

        .target(name: "Units"),
        // Finds templates/, structures/, cluster/ at run time (build tree, ADHERE_HOME or install prefix).
        .target(name: "Resources"),
        .target(name: "XMLStream", dependencies: ["CLibXML2"]),
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .target(name: "Crystal", dependencies: ["Units"]),
        .target(
            name: "VASP",
            dependencies: [
                "Crystal", "XMLStream", "Resources",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "Slurm",
            dependencies: [
                "Resources",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "Adhesion", dependencies: ["Units"]),
        .target(name: "Archive", dependencies: ["HDF5", "Crystal", "Units", "Adhesion"]),
        .target(name: "Report", dependencies: ["Adhesion"]),
        .target(
            name: "Workflow",
            dependencies: [
                "Crystal", "VASP", "Slurm", "Adhesion", "Archive", "Resources",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "adhere",
            dependencies: [
                "Workflow", "Crystal", "VASP", "Slurm", "Adhesion", "Archive", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "vasp-standin", dependencies: ["Crystal"]),
        .executableTarget(
            name: "adhere-bench",
            dependencies: [
                "Crystal", "VASP", "Slurm", "Workflow", "Archive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Tests mirror the modules. TestSupport finds ../shared fixtures and the built binaries.
        .target(name: "TestSupport", dependencies: ["Workflow", "Slurm"], path: "Tests/TestSupport"),
        .testTarget(name: "UnitsTests", dependencies: ["Units"]),
        .testTarget(name: "CrystalTests", dependencies: ["Crystal", "TestSupport"]),
        .testTarget(name: "VASPTests", dependencies: ["VASP", "Crystal", "XMLStream", "TestSupport"],
                    exclude: ["Golden"]),  // golden input files, read in place by the tests
        .testTarget(name: "SlurmTests", dependencies: ["Slurm", "TestSupport"]),
        .testTarget(name: "AdhesionTests", dependencies: ["Adhesion", "Units"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "HDF5", "Crystal", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Adhesion"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Slurm", "VASP", "Crystal", "Archive", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "Archive", "Adhesion"]),
    ]
)
