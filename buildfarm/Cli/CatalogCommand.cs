using System.CommandLine;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm catalog crawl</c>: the kernel catalog from the configured repositories (docs/catalog-format.md).</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var catalog = new Command("catalog", "The kernel catalog: every exact kernel the configured repositories offer.");
        catalog.Subcommands.Add(CreateCrawl());
        return catalog;
    }

    private static Command CreateCrawl()
    {
        var farm = new FarmHostOptions();
        var output = new Option<string>("--out") { Description = "Where to write the catalog JSON ('-' for standard output). Default: <state-dir>/matrix/catalog.json." };
        var families = new Option<string[]>("--family") { Description = "Crawl only these families (debian, ubuntu, rpm); repeatable. Default: every configured one.", AllowMultipleArgumentsPerToken = true };
        var policy = new Option<FileInfo>("--policy") { Description = "Read build strings only for the kernels this policy's window includes (fewer downloads)." };
        var noBuildStrings = new Option<bool>("--no-build-strings") { Description = "List kernels without reading their build strings (no package downloads); such kernels cannot be planned." };
        var cacheHeaders = new Option<bool>("--cache-headers")
        {
            Description = "Also keep every crawled kernel's header packages in the headers cache (each checked against its sha256; " +
                "packages already there are not downloaded again) and record its package set there, so the kernel still builds after " +
                "its packages leave the mirrors. Kernels with a build string only (with --policy: that window's); Debian packages only.",
        };
        var crawl = new Command(
            "crawl",
            "Read the package indexes of the configured repositories (Debian: the machine's apt sources, every suite) and write one record per " +
            "exact kernel: distro, version, arch, release, flavour, build string and header packages with digests. A Debian build string is read " +
            "from the kernel's own headers package (downloaded once into the headers cache).")
        {
            output, families, policy, noBuildStrings, cacheHeaders,
        };
        farm.AddTo(crawl);
        crawl.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(cacheHeaders) && parseResult.GetValue(noBuildStrings))
            {
                await stderr.WriteLineAsync("kernel-buildfarm catalog crawl: --cache-headers needs build strings (the headers cache is keyed by them); drop --no-build-strings");
                return 2;
            }

            try
            {
                using var host = farm.BuildHost(parseResult);
                FarmOptionsValidation.ValidateAll(host.Services);
                var request = new CatalogCrawlRequest
                {
                    Families = parseResult.GetValue(families) is { Length: > 0 } chosen ? chosen.ToHashSet(StringComparer.Ordinal) : null,
                    ResolveBuildStrings = !parseResult.GetValue(noBuildStrings),
                    BuildStringScope = parseResult.GetValue(policy) is { } policyFile ? MatrixSession.ScopeOf(SupportPolicyParser.Load(policyFile.FullName)) : null,
                };
                var crawler = host.Services.GetRequiredService<ICatalogCrawler>();
                var unknown = request.Families?.Except(crawler.Families).ToList() ?? [];
                if (unknown.Count > 0)
                {
                    await stderr.WriteLineAsync($"kernel-buildfarm catalog crawl: unknown famil{(unknown.Count == 1 ? "y" : "ies")} {string.Join(", ", unknown)} (known: {string.Join(", ", crawler.Families)})");
                    return 2;
                }

                var result = await crawler.CrawlAsync(request, cancellationToken);
                var path = parseResult.GetValue(output)
                    ?? Path.Join(host.Services.GetRequiredService<IOptions<FarmStateOptions>>().Value.StateDirectory, "matrix", "catalog.json");
                if (path == "-")
                {
                    await using (var standardOutput = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024))
                    {
                        CatalogFile.Write(standardOutput, result.Catalog);
                    }

                    CatalogPrinter.WriteSummary(stderr, result.Catalog, result.Warnings);
                }
                else
                {
                    CatalogFile.Save(path, result.Catalog);
                    CatalogPrinter.WriteSummary(stdout, result.Catalog, result.Warnings);
                    await stdout.WriteLineAsync($"written to {Path.GetFullPath(path)}");
                }

                return parseResult.GetValue(cacheHeaders)
                    ? await CatalogHeaderCaching.RunAsync(host.Services, result.Catalog, path == "-" ? stderr : stdout, cancellationToken)
                    : 0;
            }
            catch (OptionsValidationException e)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm catalog crawl: invalid configuration:\n  {string.Join("\n  ", e.Failures)}");
                return 2;
            }
            catch (PolicyValidationException e)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm catalog crawl: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is HeaderSourceException or ExternalToolException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm catalog crawl: {e.Message}");
                return 1;
            }
        });
        return crawl;
    }
}
