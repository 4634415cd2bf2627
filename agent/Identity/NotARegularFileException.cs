namespace KernelAgent.Agent.Identity;

/// <summary>A host file the identity is read from is a FIFO, a device, a socket or a directory.</summary>
internal sealed class NotARegularFileException(string what) : IOException($"is {what}, not a regular file")
{
    /// <summary>What the file is instead, e.g. "a FIFO (named pipe)".</summary>
    public string What { get; } = what;
}
