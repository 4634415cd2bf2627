using KernelAgent.BuildFarm.Cli;

return await FarmCommandLine.InvokeAsync(args);
