import Foundation
import HDF5
import Testing
import TestSupport

@Suite struct HDF5WrapperTests {
    func tempFile(_ name: String = "t.h5") throws -> String {
        try Fixtures.temporaryDirectory("hdf5").appendingPathComponent(name).path
    }

    @Test func numbersAndStringsRoundTrip() throws {
        let path = try tempFile()
        do {
            let f = try HDF5File.create(at: path)
            let g = try f.root.createGroup("g")
            try g.createDataset("d", doubles: [1.5, -2.25, 1e-300, .greatestFiniteMagnitude], shape: [2, 2])
            try g.createDataset("i", int64s: [Int64.min, 0, 42])
            try g.createDataset("s", scalar: 3.25)
            try g.createDataset("v", strings: ["Li", "Li₂CO₃ (001)", ""])
            try g.createDataset("fx", strings: ["ab", "abcd"], layout: .fixedLength())
            try f.close()
        }
        let f = try HDF5File.open(at: path)
        let g = try f.root.openGroup("g")
        let d = try g.openDataset("d")
        #expect(try d.shape() == [2, 2])
        #expect(try d.readDoubles() == [1.5, -2.25, 1e-300, .greatestFiniteMagnitude])
        #expect(try g.openDataset("i").readInt64s() == [Int64.min, 0, 42])
        #expect(try g.openDataset("s").shape() == [])
        #expect(try g.openDataset("s").readDouble() == 3.25)
        #expect(try g.openDataset("v").readStrings() == ["Li", "Li₂CO₃ (001)", ""])
        #expect(try g.openDataset("fx").readStrings() == ["ab", "abcd"])
        #expect(try g.openDataset("fx").elementType() == .string)
        #expect(try g.childNames() == ["d", "fx", "i", "s", "v"])
        #expect(try f.root.contains("g/d"))
        #expect(try !f.root.contains("g/nope"))
        #expect(try f.root.isGroup("g"))
        #expect(try !g.isGroup("d"))
    }

    @Test func attributesOfEveryKind() throws {
        let path = try tempFile()
        let f = try HDF5File.create(at: path)
        try f.root.setAttribute("format", "adhere-archive")
        try f.root.setAttribute("version", Int64(7))
        try f.root.setAttribute("x", 0.1)
        try f.root.setAttribute("xs", .doubles([1, 2]))
        try f.root.setAttribute("ns", .int64s([3, 4, 5]))
        try f.root.setAttribute("names", .strings(["θ", "σ"]))
        try f.root.setAttribute("empty", .strings([]))
        try f.root.setAttribute("x", 0.2) // replaces
        #expect(try f.root.stringAttribute("format") == "adhere-archive")
        #expect(try f.root.int64Attribute("version") == 7)
        #expect(try f.root.doubleAttribute("x") == 0.2)
        #expect(try f.root.attribute("xs") == .doubles([1, 2]))
        #expect(try f.root.attribute("ns") == .int64s([3, 4, 5]))
        #expect(try f.root.attribute("names") == .strings(["θ", "σ"]))
        #expect(try f.root.attribute("empty") == .strings([]))
        #expect(try f.root.attribute("missing") == nil)
        #expect(try f.root.attributeNames() == ["empty", "format", "names", "ns", "version", "x", "xs"])
        #expect(throws: HDF5Error.self) { try f.root.int64Attribute("format") }
    }

    @Test func extendableDatasetGrowsAcrossReopen() throws {
        let path = try tempFile()
        do {
            let f = try HDF5File.create(at: path)
            let d = try f.root.createExtendableDataset("forces", elementType: .double, rowShape: [3], chunkRows: 2)
            #expect(try d.shape() == [0, 3])
            try d.append(doubles: [1, 2, 3])
            try d.append(doubles: [4, 5, 6, 7, 8, 9])
            #expect(throws: HDF5Error.self) { try d.append(doubles: [1, 2]) }
            let n = try f.root.createExtendableDataset("steps", elementType: .int64)
            try n.append(int64s: [10, 11])
            try f.close()
        }
        do {
            let f = try HDF5File.open(at: path, mode: .readWrite)
            try f.root.openDataset("forces").append(doubles: [10, 11, 12])
            try f.close()
        }
        let f = try HDF5File.open(at: path)
        #expect(try f.root.openDataset("forces").shape() == [4, 3])
        #expect(try f.root.openDataset("forces").readDoubles() == (1...12).map(Double.init))
        #expect(try f.root.openDataset("steps").readInt64s() == [10, 11])
    }

    @Test func errorsCarryTheHDF5Stack() throws {
        let missing = try tempFile("absent.h5")
        do {
            _ = try HDF5File.open(at: missing)
            Issue.record("opening a missing file must fail")
        } catch {
            #expect(error.operation == "open file")
            #expect(error.object == missing)
            #expect(!error.stack.isEmpty)
            #expect(error.description.contains("H5Fopen"))
        }
        let f = try HDF5File.create(at: try tempFile())
        #expect(throws: HDF5Error.self) { try f.root.openGroup("nope") }
        #expect(throws: HDF5Error.self) { try f.root.createDataset("bad", doubles: [1, 2, 3], shape: [2, 2]) }
        _ = try f.root.createGroup("once")
        #expect(throws: HDF5Error.self) { try f.root.createGroup("once") }
        #expect(throws: HDF5Error.self) { try HDF5File.create(at: f.path) } // exists, no overwrite
    }

    @Test func copyChildBetweenFiles() throws {
        let a = try HDF5File.create(at: try tempFile("a.h5"))
        let g = try a.root.createGroup("calc")
        try g.setAttribute("role", "film")
        try g.createDataset("e", doubles: [-1, -2])
        let b = try HDF5File.create(at: try tempFile("b.h5"))
        try a.root.copyChild("calc", to: b.root, as: "copy")
        #expect(try b.root.openGroup("copy").stringAttribute("role") == "film")
        #expect(try b.root.openGroup("copy").openDataset("e").readDoubles() == [-1, -2])
    }

    /// h5py (from /opt/adhere-venv; verified with h5py 3.16.0 bundling HDF5 2.0.0) reads what
    /// the wrapper wrote.
    @Test func h5pyReadsWrapperOutput() throws {
        guard let python = Fixtures.python(with: ["h5py"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with h5py (/opt/adhere-venv or ADHERE_PYTHON)"))
        }
        let path = try tempFile()
        do {
            let f = try HDF5File.create(at: path)
            try f.root.setAttribute("note", "σ→0")
            try f.root.createDataset("m", doubles: [1, 2, 3, 4, 5, 6], shape: [2, 3])
            try f.root.createDataset("n", int64s: [7, 8])
            try f.root.createDataset("v", strings: ["Li", "O"])
            let x = try f.root.createExtendableDataset("x", elementType: .double)
            try x.append(doubles: [0.5, 0.25])
            try f.close()
        }
        let script = """
        import h5py, json, sys
        with h5py.File(sys.argv[1], "r") as f:
            print(json.dumps({"note": f.attrs["note"], "m": f["m"][()].tolist(), "mshape": list(f["m"].shape),
                              "n": f["n"][()].tolist(), "v": [s for s in f["v"].asstr()[()]], "x": f["x"][()].tolist(),
                              "xmax": list(f["x"].maxshape)}))
        """
        let r = Fixtures.run(python, ["-c", script, path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["note"] as? String == "σ→0")
        #expect(json?["m"] as? [[Double]] == [[1, 2, 3], [4, 5, 6]])
        #expect(json?["mshape"] as? [Int] == [2, 3])
        #expect(json?["n"] as? [Int] == [7, 8])
        #expect(json?["v"] as? [String] == ["Li", "O"])
        #expect(json?["x"] as? [Double] == [0.5, 0.25])
        #expect((json?["xmax"] as? [Any])?.first is NSNull)
    }
}
