// Every orch command; see OrchCLI.main().
