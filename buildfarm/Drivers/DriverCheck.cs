namespace KernelAgent.BuildFarm.Drivers;

/// <summary><c>drivers check</c>: every problem of every registration at once, nothing built.</summary>
internal static class DriverCheck
{
    public static async Task<IReadOnlyList<string>> RunAsync(DriverRegistryOptions options, IBuildDependencyCheck packages, CancellationToken cancellationToken)
    {
        var (drivers, problems) = DriverRegistrations.Load(options);
        var found = new List<string>(problems);
        var buildDepends = new List<(string Name, IReadOnlyList<string> BuildDepends)>();
        foreach (var driver in drivers)
        {
            var where = $"{driver.Name} {driver.Version} ({driver.RegisteredIn ?? "farm configuration"})";
            try
            {
                var inspection = await DriverSourceInspection.InspectAsync(driver.SourcePath, cancellationToken);
                if (inspection.Sha256 != driver.Sha256)
                {
                    found.Add($"{where}: the source '{driver.SourcePath}' has sha256 {inspection.Sha256}, the registration says {driver.Sha256}");
                }

                found.AddRange(inspection.Precheck.Problems.Select(p => $"{where}: {p}"));
                if (inspection.Precheck.IsDkmsTree)
                {
                    buildDepends.Add((inspection.Precheck.PackageName ?? driver.Name, inspection.Precheck.BuildDepends));
                }
            }
            catch (DriverSourceException e)
            {
                found.Add($"{where}: {e.Message}");
            }

            var missing = packages.Missing(driver.Needs);
            if (missing.Count > 0)
            {
                found.Add($"{where}: the build needs the Debian package(s) {string.Join(", ", missing)}, not installed on this machine");
            }
        }

        found.AddRange(Dkms.DkmsBuildOrder.Compute(buildDepends).Problems);
        return found;
    }
}
