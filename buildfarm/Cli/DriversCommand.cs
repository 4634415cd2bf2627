using System.CommandLine;
using System.Text.Json;
using KernelAgent.BuildFarm.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm drivers add|list|check</c>: the registered driver sources (docs/drivers.md).</summary>
internal static class DriversCommand
{
    public static Command Create()
    {
        var drivers = new Command("drivers", "The driver sources this farm may build: DKMS trees (folder, .tar.gz, *-dkms .deb) or plain kbuild folders.");
        drivers.Subcommands.Add(CreateAdd());
        drivers.Subcommands.Add(CreateList());
        drivers.Subcommands.Add(CreateCheck());
        return drivers;
    }

    private static Command CreateAdd()
    {
        var farm = new FarmHostOptions();
        var source = new Argument<string>("SOURCE") { Description = "A source folder, a .tar.gz of one, or a Debian *-dkms .deb." };
        var name = new Option<string>("--name") { Description = "Driver name. Default: dkms.conf's PACKAGE_NAME." };
        var version = new Option<string>("--version") { Description = "Driver version. Default: dkms.conf's PACKAGE_VERSION." };
        var depends = new Option<string[]>("--build-depends")
        {
            Description = "Debian packages the build needs on the farm (repeatable). Default: a .deb's Depends without dkms.",
            AllowMultipleArgumentsPerToken = true,
        };
        var noDepends = new Option<bool>("--no-build-depends") { Description = "The build needs no Debian package beyond kbuild (ignore a .deb's Depends)." };
        var print = new Option<bool>("--print") { Description = "Print the registration instead of writing it under the farm's conf.d." };
        var add = new Command("add", "Check a source (dkms.conf's text, digest) and register it: writes <conf.d>/drivers/<name>-<version>.json, " +
            "which a running farm picks up without a restart.")
        {
            source, name, version, depends, noDepends, print,
        };
        farm.AddTo(add);
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            var stderr = parseResult.InvocationConfiguration.Error;
            var stdout = parseResult.InvocationConfiguration.Output;
            try
            {
                var path = Path.GetFullPath(parseResult.GetValue(source)!);
                var inspection = await DriverSourceInspection.InspectAsync(path, cancellationToken);
                var registration = new DriverRegistration
                {
                    Name = parseResult.GetValue(name) ?? inspection.Precheck.PackageName ?? string.Empty,
                    Version = parseResult.GetValue(version) ?? inspection.Precheck.PackageVersion ?? string.Empty,
                    Source = path,
                    Sha256 = inspection.Sha256,
                    BuildDepends = parseResult.GetValue(noDepends) ? [] : [.. parseResult.GetValue(depends) is { Length: > 0 } given ? given : inspection.PackageDepends],
                };
                var problems = new List<string>(inspection.Precheck.Problems);
                if (registration.Name.Length == 0 || registration.Version.Length == 0)
                {
                    problems.Add("the driver's name or version is not written literally in dkms.conf: give --name and --version");
                }

                using var host = farm.BuildHost(parseResult);
                var options = host.Services.GetRequiredService<IOptions<DriverRegistryOptions>>().Value;
                var (_, registrationProblems) = DriverRegistrations.Load(new DriverRegistryOptions { Drivers = [registration], RegistrationDirectory = string.Empty });
                problems.AddRange(registrationProblems);
                foreach (var note in inspection.Precheck.Notes)
                {
                    await stderr.WriteLineAsync($"note: {note}");
                }

                if (problems.Count > 0)
                {
                    await stderr.WriteLineAsync($"kernel-buildfarm drivers add: {path} cannot be registered:\n  {string.Join("\n  ", problems)}");
                    return 1;
                }

                var json = JsonSerializer.Serialize(registration, DriverRegistrationJsonContext.Default.DriverRegistration);
                if (parseResult.GetValue(print))
                {
                    await stdout.WriteLineAsync(json);
                    return 0;
                }

                var file = DriverRegistrationFile.Write(options.RegistrationDirectory, registration, json);
                await stdout.WriteLineAsync($"registered {registration.Name} {registration.Version} (sha256 {registration.Sha256}) in {file}");
                return 0;
            }
            catch (Exception e) when (e is DriverSourceException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm drivers add: {e.Message}");
                return 1;
            }
        });
        return add;
    }

    private static Command CreateList()
    {
        var farm = new FarmHostOptions();
        var list = new Command("list", "List the registered drivers (farm configuration and conf.d files).");
        farm.AddTo(list);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = farm.BuildHost(parseResult);
            var (drivers, problems) = DriverRegistrations.Load(host.Services.GetRequiredService<IOptions<DriverRegistryOptions>>().Value);
            var stdout = parseResult.InvocationConfiguration.Output;
            await stdout.WriteLineAsync("NAME\tVERSION\tKIND\tSHA256\tSOURCE\tREGISTERED IN");
            foreach (var d in drivers.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Version, StringComparer.Ordinal))
            {
                await stdout.WriteLineAsync($"{d.Name}\t{d.Version}\t{d.Kind}\t{d.Sha256[..12]}\t{d.SourcePath}\t{d.RegisteredIn ?? "farm configuration"}");
            }

            foreach (var problem in problems)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"problem: {problem}");
            }

            return problems.Count == 0 ? 0 : 1;
        });
        return list;
    }

    private static Command CreateCheck()
    {
        var farm = new FarmHostOptions();
        var check = new Command("check", "Check every registered driver (source present, digest, dkms.conf, names, build packages); exits 1 listing every problem.");
        farm.AddTo(check);
        check.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = farm.BuildHost(parseResult);
            var options = host.Services.GetRequiredService<IOptions<DriverRegistryOptions>>().Value;
            var problems = await DriverCheck.RunAsync(options, host.Services.GetRequiredService<IBuildDependencyCheck>(), cancellationToken);
            var stdout = parseResult.InvocationConfiguration.Output;
            foreach (var problem in problems)
            {
                await stdout.WriteLineAsync($"problem: {problem}");
            }

            await stdout.WriteLineAsync(problems.Count == 0 ? "every registered driver is fine" : $"{problems.Count} problem(s)");
            return problems.Count == 0 ? 0 : 1;
        });
        return check;
    }
}
