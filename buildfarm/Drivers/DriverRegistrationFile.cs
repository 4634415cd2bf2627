namespace KernelAgent.BuildFarm.Drivers;

/// <summary>Writes one registration file under conf.d/drivers, whole or not at all (temporary name, then rename).</summary>
internal static class DriverRegistrationFile
{
    /// <returns>The file written: <c>&lt;directory&gt;/&lt;name&gt;-&lt;version&gt;.json</c>.</returns>
    public static string Write(string directory, DriverRegistration registration, string json)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Join(directory, $"{registration.Name}-{registration.Version}.json");
        var temporary = Path.Join(directory, $".{registration.Name}-{registration.Version}.json.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, json + "\n");
        File.Move(temporary, file, overwrite: true);
        return file;
    }
}
