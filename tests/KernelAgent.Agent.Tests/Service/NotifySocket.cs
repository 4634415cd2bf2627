using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// A service manager's notify socket (sd_notify(3)): a unix datagram socket the test owns; each datagram is one
/// notification of newline-separated KEY=VALUE assignments.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string _folder = Directory.CreateTempSubdirectory("ka-notify-").FullName;
    private readonly List<(TimeSpan At, string Line)> _received = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public NotifySocket()
    {
        Path = System.IO.Path.Join(_folder, "notify");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    public string Path { get; }

    /// <summary>Every line received so far, with when it arrived.</summary>
    public IReadOnlyList<(TimeSpan At, string Line)> Received => _received;

    /// <summary>Receives until a line satisfies <paramref name="match"/>; fails after <paramref name="timeout"/>.</summary>
    /// <param name="match">The line waited for.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="context">Added to the failure message, e.g. the service's output.</param>
    public async Task<(TimeSpan At, string Line)> WaitForAsync(Func<string, bool> match, TimeSpan timeout, Func<string>? context = null)
    {
        var found = _received.FirstOrDefault(r => match(r.Line));
        if (found.Line is null)
        {
            found = await ReceiveUntilAsync(match, timeout);
        }

        Assert.True(
            found.Line is not null,
            $"no matching notification within {timeout}; received: {string.Join(" | ", _received.Select(r => r.Line))}\n{context?.Invoke()}");
        return found;
    }

    /// <summary>Receives for <paramref name="duration"/>, keeping everything.</summary>
    public Task CollectAsync(TimeSpan duration) => ReceiveUntilAsync(_ => false, duration);

    private async Task<(TimeSpan At, string Line)> ReceiveUntilAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return default;
            }

            var at = _clock.Elapsed;
            foreach (var line in Encoding.UTF8.GetString(buffer, 0, length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                _received.Add((at, line));
                if (match(line))
                {
                    return (at, line);
                }
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
