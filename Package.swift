// swift-tools-version:6.2
// Adhere: a DFT workflow manager for Li-metal interface adhesion studies.
//
// Module graph (dependencies point one way, see docs/architecture.md):
//   Units ─┬─ Crystal ─┬─ VASP (+ XMLStream, Checksum, YAMLSettings, Mustache, Yams)
//          │           ├─ Archive (+ HDF5)
//          ├─ Adhesion ┴─ Report (+ Archive, Checksum)
//   Checksum (+ Crypto): the one SHA-256; YAMLSettings (+ Yams); Engines (Crystal, Yams)
//   Slurm (Subprocess, SystemPackage, Mustache, Yams) — never Crystal or VASP
//   Workflow = where VASP, Slurm, Engines, Adhesion, Archive and Report meet (+ GRDB, Checksum, SystemPackage)
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
        // The one SHA-256 (over swift-crypto): input hashes (VASP), output fingerprints and model checksums
        // (Workflow), the SI manifest's checksums (Report).
        .target(name: "Checksum", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Reads the YAML files a user edits (study, cluster and input profiles): known keys with
        // the nearest one suggested, finite numbers in documented ranges, file:line errors.
        .target(name: "YAMLSettings", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Finds templates/, structures/, cluster/ at run time (build tree, ADHERE_HOME or install prefix).
        .target(name: "Resources"),
        .target(name: "XMLStream", dependencies: ["CLibXML2"]),
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .target(name: "Crystal", dependencies: ["Units"]),
        .target(
            name: "VASP",
            dependencies: [
                "Crystal", "XMLStream", "Resources", "YAMLSettings", "Checksum",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "Slurm",
            dependencies: [
                "Resources", "YAMLSettings", "Checksum",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "Adhesion", dependencies: ["Units"]),
        // The engines besides VASP (mlip, gpaw through ASE; standin): profiles, engine.json, the result reader.
        .target(
            name: "Engines",
            dependencies: ["Crystal", "Resources", .product(name: "Yams", package: "Yams")]),
        .target(name: "Archive", dependencies: ["HDF5", "Crystal", "Units", "Adhesion", "Checksum"]),
        .target(name: "Report", dependencies: ["Adhesion", "Archive", "Crystal", "Checksum"]),
        .target(
            name: "Workflow",
            dependencies: [
                "Crystal", "VASP", "Slurm", "Engines", "Adhesion", "Archive", "Report", "Resources", "YAMLSettings", "Checksum",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "adhere",
            dependencies: [
                "Workflow", "Crystal", "VASP", "Slurm", "Engines", "Adhesion", "Archive", "Report", "YAMLSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "vasp-standin", dependencies: ["Crystal"]),
        .executableTarget(
            name: "adhere-bench",
            dependencies: [
                "Crystal", "VASP", "Slurm", "Workflow", "Archive", "Adhesion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Tests mirror the modules. TestSupport finds ../shared fixtures and the built binaries.
        .target(name: "TestSupport", dependencies: ["Workflow", "Slurm"], path: "Tests/TestSupport"),
        .testTarget(name: "UnitsTests", dependencies: ["Units"]),
        .testTarget(name: "YAMLSettingsTests", dependencies: ["YAMLSettings"]),
        .testTarget(name: "CrystalTests", dependencies: ["Crystal", "TestSupport"]),
        .testTarget(name: "VASPTests", dependencies: ["VASP", "Crystal", "XMLStream", "Checksum", "TestSupport"],
                    exclude: ["Golden"]),  // golden input files, read in place by the tests
        .testTarget(name: "SlurmTests", dependencies: ["Slurm", "TestSupport"]),
        .testTarget(name: "EnginesTests", dependencies: ["Engines", "Crystal", "Slurm", "TestSupport"]),
        .testTarget(name: "AdhesionTests", dependencies: ["Adhesion", "Units"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "HDF5", "Crystal", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Adhesion", "Archive", "Crystal", "TestSupport"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Slurm", "VASP", "Crystal", "Archive", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "Archive", "Adhesion"]),
        // Drives `adhere-bench fuzz` (bounded); Regressions/ holds inputs that once failed, replayed.
        .testTarget(name: "FuzzTests", dependencies: ["TestSupport"], exclude: ["Regressions"]),
    ]
)
