import Foundation
import OrchCLI

let environment = ProcessInfo.processInfo.environment
let code = await OrchCLI.main(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: environment,
    console: .standard(environment: environment))
exit(code)
