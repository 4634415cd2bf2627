using System.Diagnostics;
using KernelAgent.Agent.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>
/// An independent web server for mirror tests: Python's <c>http.server</c> serving a temporary folder on
/// 127.0.0.1, started once per test class and killed afterwards.
/// </summary>
public sealed class PythonHttpServer : IAsyncLifetime
{
    private Process? _process;

    public string Root { get; } = Directory.CreateTempSubdirectory("ka-mirror-").FullName;

    public int Port { get; } = LoopbackPorts.Free();

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/mirror/");

    private string? _missing;
    private string? _startFailure;

    /// <summary>Skips or fails the test (see <see cref="IntegrationRequirement"/>) unless the server is serving.</summary>
    public void EnsureServing()
    {
        IntegrationRequirement.Require(_missing);
        Assert.Null(_startFailure);
    }

    /// <summary>Writes a file where the mirror serves the key <paramref name="key"/>.</summary>
    public void Put(string key, byte[] content)
    {
        var path = Path.Combine(Root, "mirror", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public async ValueTask InitializeAsync()
    {
        var python = IntegrationRequirement.FindOnPath("python3");
        if (python is null)
        {
            _missing = "python3 is not on PATH (Debian package python3)";
            return;
        }

        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "http.server", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", Root })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!await LoopbackPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(15), CancellationToken.None))
        {
            _startFailure = $"python3 -m http.server did not listen on 127.0.0.1:{Port} within 15 s";
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }

            _process.Dispose();
        }

        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
