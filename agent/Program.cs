using KernelAgent.Agent.Cli;

return await AgentCommandLine.InvokeAsync(args);
