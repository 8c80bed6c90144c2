import ArgumentParser

/// The `adhere` command: Li-metal interface adhesion studies with VASP on Slurm.
@main
struct Adhere: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adhere",
        abstract: "Build, run and analyse Li(001)|X interface adhesion studies with VASP on Slurm.",
        discussion: """
            A study goes: init → build (slabs, interfaces, VASP inputs) → submit (Slurm) → collect \
            (vasprun.xml → archive.h5) → report (W_ad, contact angle). `adhere run` does all of it \
            and can be run again to resume.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, PlanCommand.self, BuildCommand.self, RunCommand.self,
            SubmitCommand.self, StatusCommand.self, CancelCommand.self, RetryCommand.self,
            CollectCommand.self, ReportCommand.self, WadCommand.self,
            StructureCommand.self, SlabCommand.self, MatchCommand.self, InterfaceCommand.self,
            InputsCommand.self, ParseCommand.self,
        ]
    )
}
