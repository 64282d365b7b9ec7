using Sluice.Cli;

// Ctrl-C cancels the command and waits for it (a run or a training saves a checkpoint first), up to a minute.
return await SluiceCommandLine.Create().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
