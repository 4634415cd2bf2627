using System.Collections.Concurrent;
using System.Net;
using KernelAgent.BuildFarm.Tests.Hosting;

namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>Serves a folder over http://127.0.0.1 (GET only) and counts the requests for each path.</summary>
internal sealed class LocalHttpFolder : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _serving;

    public LocalHttpFolder(string root)
    {
        _root = root;
        var port = LoopbackPorts.Free();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.AbsoluteUri);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public int RequestsFor(string pathSuffix) => Requests.Where(r => r.Key.EndsWith(pathSuffix, StringComparison.Ordinal)).Sum(r => r.Value);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's close ends the accept loop with an exception; nothing is left to serve.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            Requests.AddOrUpdate(path, 1, (_, count) => count + 1);
            var file = Path.GetFullPath(Path.Join(_root, path));
            using var response = context.Response;
            if (!file.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = 404;
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(file);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }
}
