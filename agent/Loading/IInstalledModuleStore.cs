namespace KernelAgent.Agent.Loading;

/// <summary>Installation records in the agent's state folder, one per module and kernel release.</summary>
internal interface IInstalledModuleStore
{
    /// <summary>The record of <paramref name="name"/> for <paramref name="release"/>, or null when there is none.</summary>
    /// <exception cref="ModuleInstallException">The record exists but cannot be read or parsed.</exception>
    InstalledModuleRecord? Read(string name, string release);

    /// <summary>Every record, ordered by release then name; unreadable records are reported, not skipped.</summary>
    /// <exception cref="ModuleInstallException">A record exists but cannot be read or parsed.</exception>
    IReadOnlyList<InstalledModuleRecord> ReadAll();

    /// <summary>Stores <paramref name="record"/>, replacing the previous one atomically.</summary>
    /// <exception cref="ModuleInstallException">The record could not be written.</exception>
    void Write(InstalledModuleRecord record);
}
