using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;

namespace KernelAgent.BuildFarm.Compilation;

internal sealed class ProcessRunner(TimeProvider timeProvider) : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessInvocation invocation, CancellationToken cancellationToken)
    {
        var startInfo = CreateStartInfo(invocation);
        using var process = new Process { StartInfo = startInfo };
        var collector = new OutputCollector(invocation.OnOutputLine);
        process.OutputDataReceived += (_, e) => collector.Add(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => collector.Add(e.Data, isError: true);

        var started = timeProvider.GetTimestamp();
        using var finished = new ManualResetEventSlim();
        try
        {
            await StartOnOwnThreadAsync(process, finished);
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolException(
                invocation.FileName, $"Could not start '{invocation.FileName}': {e.Message}.", e);
        }

        try
        {
            return await WaitAsync(process, collector, invocation, started, cancellationToken);
        }
        finally
        {
            finished.Set();
        }
    }

    /// <summary>
    /// Starts the process from a thread of its own that lives until <paramref name="finished"/> is set. The sandbox runs
    /// with bwrap's --die-with-parent (PR_SET_PDEATHSIG), which the kernel ties to the thread that forked, not to the
    /// process: started from a thread-pool thread, a build was killed (SIGKILL, exit 137) as soon as the pool retired
    /// that thread after about 20 s idle.
    /// </summary>
    private static Task StartOnOwnThreadAsync(Process process, ManualResetEventSlim finished)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }

            started.SetResult();
            finished.Wait();
        })
        {
            IsBackground = true,
            Name = "process parent",
        };
        thread.Start();
        return started.Task;
    }

    private async Task<ProcessResult> WaitAsync(Process process, OutputCollector collector, ProcessInvocation invocation, long started, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(invocation.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var input = WriteInputAsync(process, invocation.WriteStandardInput, linked.Token);
        var output = invocation.ReadStandardOutput?.Invoke(process.StandardOutput.BaseStream, linked.Token);
        if (output is null)
        {
            process.BeginOutputReadLine();
        }

        process.BeginErrorReadLine();
        var timedOut = false;
        try
        {
            // Also waits until standard output and error are at end of file, so every line has been delivered.
            await process.WaitForExitAsync(linked.Token);
            if (output is not null)
            {
                await output;
            }
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await WaitAfterKillAsync(process);
            if (output is not null)
            {
                await ObserveAsync(output);
            }

            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }
        catch
        {
            // The reader of the output failed: the child must not outlive it.
            KillTree(process);
            throw;
        }
        finally
        {
            await ObserveAsync(input);
        }

        collector.ThrowIfCallbackFailed();
        return collector.ToResult(process.HasExited ? process.ExitCode : -1, timedOut, timeProvider.GetElapsedTime(started));
    }

    private static async Task WriteInputAsync(Process process, Func<Stream, CancellationToken, Task>? write, CancellationToken cancellationToken)
    {
        try
        {
            if (write is not null)
            {
                await write(process.StandardInput.BaseStream, cancellationToken);
            }
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child already closed its end; its exit code says why.
            }
        }
    }

    // A child that exits before reading all of its input breaks the pipe: that is its exit code's story, not ours;
    // a cancelled copy belongs to the timeout or cancellation already handled.
    private static async Task ObserveAsync(Task copy)
    {
        try
        {
            await copy;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private static ProcessStartInfo CreateStartInfo(ProcessInvocation invocation)
    {
        var startInfo = new ProcessStartInfo(invocation.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (invocation.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = invocation.WorkingDirectory;
        }

        if (!invocation.InheritEnvironment)
        {
            startInfo.Environment.Clear();
        }

        foreach (var (name, value) in invocation.Environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    // A process that escaped the tree may hold the output pipes open; the result then carries the lines that arrived.
    private async Task WaitAfterKillAsync(Process process)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10), timeProvider);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
    }

    private sealed class OutputCollector(Action<string>? onLine)
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _standardOutput = new();
        private readonly StringBuilder _standardError = new();
        private readonly List<string> _lines = [];
        private ExceptionDispatchInfo? _callbackFailure;

        public void Add(string? line, bool isError)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                (isError ? _standardError : _standardOutput).Append(line).Append('\n');
                _lines.Add(line);
                if (onLine is null || _callbackFailure is not null)
                {
                    return;
                }

                // An exception escaping a process event handler would end the whole farm; keep it for the caller.
                try
                {
                    onLine(line);
                }
                catch (Exception e)
                {
                    _callbackFailure = ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        public void ThrowIfCallbackFailed()
        {
            lock (_gate)
            {
                _callbackFailure?.Throw();
            }
        }

        public ProcessResult ToResult(int exitCode, bool timedOut, TimeSpan duration)
        {
            lock (_gate)
            {
                return new ProcessResult(
                    exitCode, timedOut, _standardOutput.ToString(), _standardError.ToString(), [.. _lines], duration);
            }
        }
    }
}
