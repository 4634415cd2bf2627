namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>A dkms.conf cannot be used; <see cref="Problems"/> lists every problem found, as dkms(8) reports them.</summary>
internal sealed class DkmsConfException : DriverSourceException
{
    public DkmsConfException(string where, IReadOnlyList<string> problems)
        : base($"{where}: invalid dkms.conf: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
