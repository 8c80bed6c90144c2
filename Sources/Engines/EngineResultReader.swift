import Foundation

/// Reads `adhere-result.jsonl` (docs/engines.md, "The result contract").
///
/// One JSON object per line: a `start` record, `step` records, then `final` (or `error`).
/// Reading stops at the first line that is not a whole, valid record — a partial last line
/// (no newline: the job was killed while writing), invalid JSON, a non-finite or missing number,
/// arrays of the wrong shape, a step out of order, or a final record that disagrees with the last
/// step — and the result keeps only what came before, with `damage` saying where and why.
public enum EngineResultReader {
    /// Reads and checks the file at `path`.
    public static func read(path: String) throws(EngineError) -> EngineResult {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw EngineError(file: path, .unreadable(error.localizedDescription))
        }
        return try parse(data, file: path)
    }

    /// Parses result text; `file` names it in errors. Throws only when there is no valid start
    /// record (then nothing in the file can be attributed to an engine).
    public static func parse(_ data: Data, file: String = "<result>") throws(EngineError) -> EngineResult {
        let bytes = [UInt8](data)
        var lines: [(text: ArraySlice<UInt8>, terminated: Bool)] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            lines.append((bytes[start..<i], true))
            start = i + 1
        }
        if start < bytes.count { lines.append((bytes[start...], false)) }

        let decoder = JSONDecoder()
        guard let first = lines.first else { throw EngineError(file: file, .noStartRecord("the file is empty")) }
        guard first.terminated, let provenance = try? decoder.decode(EngineProvenance.self, from: Data(first.text)),
              kind(of: first.text, decoder) == "start"
        else { throw EngineError(file: file, line: 1, .noStartRecord("line 1 is not a whole start record")) }
        guard provenance.format == formatName else {
            throw EngineError(file: file, line: 1, .unsupportedFormat(found: provenance.format, expected: formatName))
        }

        var result = EngineResult(provenance: provenance, steps: [], final: nil, secondModel: nil, failure: nil, damage: nil)
        func stop(_ index: Int, _ reason: String) -> EngineResult {
            result.damage = EngineResultDamage(line: index + 1, reason: reason)
            return result
        }
        for (index, line) in lines.enumerated().dropFirst() {
            if line.text.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) && line.terminated { continue }
            guard line.terminated else { return stop(index, "partial last line (the run was cut off while writing)") }
            if result.final != nil || result.failure != nil { return stop(index, "a record after the final one") }
            let payload = Data(line.text)
            switch kind(of: line.text, decoder) {
            case "step":
                guard let step = try? decoder.decode(EngineStep.self, from: payload) else {
                    return stop(index, "step record is not valid JSON with every field (a damaged or non-finite number?)")
                }
                if let problem = check(step, atoms: provenance.atoms, expectedIndex: result.steps.count) {
                    return stop(index, problem)
                }
                result.steps.append(step)
            case "second_model":
                guard let second = try? decoder.decode(EngineSecondModel.self, from: payload), second.energyEV?.isFinite ?? true,
                      result.secondModel == nil
                else { return stop(index, "second_model record is not valid JSON with finite numbers") }
                result.secondModel = second
            case "final":
                guard let final = try? decoder.decode(EngineFinal.self, from: payload), final.energyEV.isFinite else {
                    return stop(index, "final record is not valid JSON with every field")
                }
                guard let last = result.steps.last, final.steps == result.steps.count,
                      abs(final.energyEV - last.energyEV) <= 1e-9 * max(1, abs(last.energyEV))
                else { return stop(index, "final record disagrees with the steps before it (\(final.steps) steps, energy \(final.energyEV) eV)") }
                result.final = final
            case "error":
                guard let failure = try? decoder.decode(EngineFailure.self, from: payload) else {
                    return stop(index, "error record is not valid JSON")
                }
                result.failure = failure
            case let other:
                return stop(index, "unknown record '\(other ?? "not JSON")'")
            }
        }
        return result
    }

    /// The result format this reader understands.
    public static let formatName = "adhere-engine-result/1"

    private struct Envelope: Decodable { var record: String }

    private static func kind(of text: ArraySlice<UInt8>, _ decoder: JSONDecoder) -> String? {
        (try? decoder.decode(Envelope.self, from: Data(text)))?.record
    }

    /// Shape and value checks a JSON decoder does not make.
    static func check(_ step: EngineStep, atoms: Int, expectedIndex: Int) -> String? {
        guard step.index == expectedIndex else { return "step \(step.index) where step \(expectedIndex) was expected" }
        func rows(_ m: [[Double]], _ count: Int) -> Bool { m.count == count && m.allSatisfy { $0.count == 3 && $0.allSatisfy(\.isFinite) } }
        guard step.energyEV.isFinite, step.dispersionEnergyEV.isFinite, step.maxForceEVPerA.isFinite, step.maxForceEVPerA >= 0 else {
            return "step \(step.index): energy or force not a finite number"
        }
        guard rows(step.forcesEVPerA, atoms), rows(step.positionsA, atoms) else {
            return "step \(step.index): forces or positions are not \(atoms) finite 3-vectors"
        }
        guard rows(step.latticeA, 3) else { return "step \(step.index): lattice is not three finite 3-vectors" }
        if let s = step.stressEVPerA3, !rows(s, 3) { return "step \(step.index): stress is not a finite 3×3 tensor" }
        return nil
    }
}
