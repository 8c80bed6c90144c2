import Adhesion
import ArgumentParser
import Crystal
import Report
import VASP
import Workflow

// Enum-like options, parsed by swift-argument-parser itself: a bad value prints the
// subcommand's usage with the valid values and exits 64.
extension StudyExample: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension EnergyKind: ExpressibleByArgument {}
extension InputRole: ExpressibleByArgument {}
extension CalculationKind: ExpressibleByArgument {}

extension StructureFile.Format: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["poscar", "cif", "xyz"] }
}
