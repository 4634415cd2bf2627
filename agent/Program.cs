using KernelAgent.Agent.Cli;

return await AgentCommandLine.Build().Parse(args).InvokeAsync();
