namespace KernelAgent.Agent.Verification;

/// <summary>A module file could not be read, or is not an ELF64 kernel module with a <c>.modinfo</c> section.</summary>
internal sealed class ModinfoException : Exception
{
    public ModinfoException()
    {
    }

    public ModinfoException(string message)
        : base(message)
    {
    }

    public ModinfoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
