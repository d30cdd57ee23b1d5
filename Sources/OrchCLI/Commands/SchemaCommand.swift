import PlanCompiler

/// `orch schema`: prints the JSON Schema of the plan format (also committed as schemas/plan.schema.json).
enum SchemaCommand: Command {
    static let words = ["schema"]
    static let spec = CommandSpec(
        "schema", summary: "Print the JSON Schema of the plan format, for editors and linters.",
        discussion: "The same document is committed as schemas/plan.schema.json.")

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws(CommandFailure) {
        context.console.out(PlanSchema.json.prettyText + "\n")
    }
}
