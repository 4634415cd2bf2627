using KernelAgent.Agent.Tests.Logging;
using KernelAgent.Agent.Verification;

namespace KernelAgent.Agent.Tests.Verification;

/// <summary>
/// The reader against real kernel modules, with kmod's <c>modinfo</c> as the independent oracle. Modules come
/// from KA_TEST_MODULES_DIR (a folder searched for *.ko) or this machine's /lib/modules; they are only read.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RealModuleModinfoTests
{
    public const string ModulesVariable = "KA_TEST_MODULES_DIR";
    private const int ModulesToCompare = 5;
    private static readonly string[] s_fields = ["vermagic", "name", "license", "depends", "srcversion", "version"];

    [Fact]
    public async Task Read_RealModules_AgreesWithKmodModinfo()
    {
        var modules = FindModules();
        if (modules.Count == 0)
        {
            MissingComponent.SkipOrFail($"No *.ko under {ModulesVariable} or /lib/modules to read.");
        }

        foreach (var module in modules)
        {
            var modinfo = new ModinfoReader().Read(module);
            foreach (var field in s_fields)
            {
                var expected = await ModinfoFieldAsync(module, field);
                Assert.True(
                    string.Join('\n', modinfo.GetAll(field)) == expected,
                    $"{module}: {field} is '{string.Join('\n', modinfo.GetAll(field))}', modinfo says '{expected}'");
            }

            Assert.StartsWith(modinfo.Vermagic!.Release + " ", modinfo.Vermagic.Raw, StringComparison.Ordinal);
        }
    }

    private static List<string> FindModules()
    {
        var root = Environment.GetEnvironmentVariable(ModulesVariable);
        root = string.IsNullOrEmpty(root) ? "/lib/modules" : root;
        if (!Directory.Exists(root))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(root, "*.ko", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(ModulesToCompare)];
    }

    private static async Task<string> ModinfoFieldAsync(string module, string field)
    {
        var (exitCode, output, errors) = await ExternalTool.RunRequiredAsync(
            "modinfo", "kmod", ["-F", field, module], TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, $"modinfo -F {field} {module} failed: {errors}");
        // modinfo -F prints each value on its own line.
        return output.EndsWith('\n') ? output[..^1] : output;
    }
}
