using KernelAgent.BuildFarm.Cli;

return await FarmCommandLine.Build().Parse(args).InvokeAsync();
