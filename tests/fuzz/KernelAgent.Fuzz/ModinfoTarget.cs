using KernelAgent.Agent.Verification;

namespace KernelAgent.Fuzz;

/// <summary>The .modinfo ELF reader on arbitrary bytes: <see cref="ModinfoException"/> is the expected refusal.</summary>
internal static class ModinfoTarget
{
    public static void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        buffer.Position = 0;
        try
        {
            _ = ModinfoReader.Read(buffer, "fuzz.ko");
        }
        catch (ModinfoException)
        {
            // Not a readable module, with the reason: the expected refusal.
        }
    }
}
