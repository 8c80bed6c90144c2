import Testing
@testable import Workflow

/// INCAR edits keep everything else as written.
@Suite struct RecoveryIncarTests {
    let incar = """
        SYSTEM = Li|LiF interface   # comment stays
        ENCUT = 520
        POTIM = 0.4
        IBRION = 2

        """

    @Test func setReplacesInPlaceAndAppendsNewTags() {
        let (text, log) = IncarEditor.apply([.set("IBRION", "1"), .set("ALGO", "All")], to: incar)
        #expect(text == "SYSTEM = Li|LiF interface   # comment stays\nENCUT = 520\nPOTIM = 0.4\nIBRION = 1\nALGO = All\n")
        #expect(log == ["IBRION: 2 → 1", "ALGO: (unset) → All"])
    }

    @Test func scaleAndAddUseTheCurrentValueOrTheDefault() {
        #expect(IncarEditor.apply([.scale("POTIM", factor: 0.5, default: 0.5)], to: incar).text.contains("POTIM = 0.2\n"))
        #expect(IncarEditor.apply([.add("POTIM", amount: 0.1, default: 0.5)], to: incar).text.contains("POTIM = 0.5\n"))
        #expect(IncarEditor.apply([.scale("POTIM", factor: 0.5, default: 0.5)], to: "ENCUT = 400\n").text == "ENCUT = 400\nPOTIM = 0.25\n")
        // NBANDS from OUTCAR when the INCAR has none: 20 % more of 52 is 62.4 → 63.
        #expect(IncarEditor.apply([.scale("NBANDS", factor: 1.2, default: 0)], to: "", current: ["NBANDS": "52"]).text == "NBANDS = 63\n")
    }

    @Test func removeDeletesTheLine() {
        #expect(IncarEditor.apply([.remove("POTIM")], to: incar).text == "SYSTEM = Li|LiF interface   # comment stays\nENCUT = 520\nIBRION = 2\n")
        #expect(IncarEditor.value(of: "encut", in: incar) == "520")
    }
}
