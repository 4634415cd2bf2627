using System.Net;
using KernelAgent.Agent.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>
/// A hostile HTTP mirror on 127.0.0.1: serves the objects it was given, and streams endless bytes (chunked, no
/// length) for every other key until the client hangs up. Counts what it sent.
/// </summary>
internal sealed class EndlessMirror : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Dictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _sent;

    public EndlessMirror()
    {
        (_listener, BaseUrl) = LoopbackPorts.StartHttpListener(port => new Uri($"http://127.0.0.1:{port}/store/"));
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Bytes written to clients so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void Put(string key, byte[] content)
    {
        lock (_objects)
        {
            _objects[key] = content;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var key = context.Request.Url!.AbsolutePath["/store/".Length..];
        byte[]? content;
        lock (_objects)
        {
            content = _objects.GetValueOrDefault(key);
        }

        try
        {
            if (content is not null)
            {
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content, _stop.Token);
                context.Response.Close();
                return;
            }

            context.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            while (!_stop.IsCancellationRequested)
            {
                await context.Response.OutputStream.WriteAsync(chunk, _stop.Token);
                Interlocked.Add(ref _sent, chunk.Length);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client hung up: what a reader that refuses the object does.
        }
    }
}
