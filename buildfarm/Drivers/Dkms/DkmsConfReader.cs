using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// Evaluates a driver's dkms.conf as dkms(8) does (bash sources it with DKMS's variables set) inside the build
/// sandbox, never on the farm's own host, and reads back what it set through <see cref="DkmsConfOutput"/>'s strict
/// reader. A CRLF file is read with its carriage returns removed (dkms 3.0 would keep them inside the values).
/// </summary>
internal sealed class DkmsConfReader(IProcessRunner processRunner, BubblewrapSandbox sandbox, KbuildCompilerOptions options)
{
    public const string ScriptName = "read-dkms-conf.sh";
    public const string ConfCopyName = "dkms.conf";
    private const string OutputName = "dkms-conf.out";

    /// <param name="layout">The sandbox; its tools folder receives the script and the conf copy, its output folder the result.</param>
    /// <param name="variables">DKMS's variables as the sandbox sees them.</param>
    /// <param name="environment">The build's environment (PATH with the uname shim first, LC_ALL).</param>
    /// <param name="kernelConfigPath">The kernel's .config on the host, for BUILD_EXCLUSIVE_CONFIG.</param>
    /// <param name="where">Names the driver in errors.</param>
    /// <param name="onLogLine">Receives what dkms.conf prints on standard error.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <exception cref="DkmsConfException">dkms.conf is missing, fails to evaluate, or sets invalid values.</exception>
    public async Task<DkmsConf> ReadAsync(
        DkmsSandboxLayout layout,
        DkmsVariables variables,
        IReadOnlyDictionary<string, string> environment,
        string? kernelConfigPath,
        string where,
        Action<string>? onLogLine,
        CancellationToken cancellationToken)
    {
        var conf = Path.Join(layout.BuildFolder, "dkms.conf");
        if (!File.Exists(conf))
        {
            throw new DkmsConfException(where, ["the source has no dkms.conf at its top"]);
        }

        var text = await File.ReadAllBytesAsync(conf, cancellationToken);
        var crlf = text.AsSpan().IndexOf("\r\n"u8) >= 0;
        if (crlf)
        {
            onLogLine?.Invoke("kernel-buildfarm: dkms.conf has CRLF line ends; they are read as LF");
        }

        await File.WriteAllBytesAsync(Path.Join(layout.ToolsFolder, ConfCopyName), [.. text.Where(b => b != (byte)'\r')], cancellationToken);
        await File.WriteAllTextAsync(Path.Join(layout.ToolsFolder, ScriptName), DkmsConfScript.Text, cancellationToken);
        var outputFolder = layout.OutputFolder ?? throw new InvalidOperationException("The dkms.conf reader needs an output folder.");
        var output = Path.Join(outputFolder, OutputName);
        File.Delete(output);

        var scriptEnvironment = new Dictionary<string, string>(environment);
        foreach (var (name, value) in DkmsConfScript.Environment(
            variables, DkmsSandboxLayout.ToolsInside + "/" + ConfCopyName, DkmsSandboxLayout.OutputInside + "/" + OutputName))
        {
            scriptEnvironment[name] = value;
        }

        var read = new ProcessInvocation("bash", ["--noprofile", "--norc", DkmsSandboxLayout.ToolsInside + "/" + ScriptName], options.ToolQueryTimeout)
        {
            WorkingDirectory = layout.BuildFolderInside,
            Environment = scriptEnvironment,
            InheritEnvironment = false,
            OnOutputLine = onLogLine,
        };
        var result = await processRunner.RunAsync(sandbox.WrapDkms(read, layout with { BuildFolderWritable = false }), cancellationToken);
        if (result.TimedOut)
        {
            throw new DkmsConfException(where, [$"evaluating dkms.conf did not finish within {options.ToolQueryTimeout}"]);
        }

        var bytes = File.Exists(output) ? await File.ReadAllBytesAsync(output, cancellationToken) : [];
        if (!DkmsConfOutput.TryParse(bytes, out var values, out var error))
        {
            var said = result.Tail(5);
            throw new DkmsConfException(where,
                [$"evaluating dkms.conf with bash failed (exit code {result.ExitCode}): {error}" + (said.Length > 0 ? $"; bash said: {said}" : string.Empty)]);
        }

        return DkmsConfInterpreter.Interpret(values!, variables, kernelConfigPath, where);
    }
}
