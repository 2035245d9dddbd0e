using System.Net;
using System.Net.Sockets;
using System.Text;
using Nas.Store;

namespace Nas.Reporting;

/// <summary>
/// A live dashboard (<c>nas dashboard</c>): a small HTTP server that serves an experiment's <see cref="HtmlReport"/>,
/// rebuilt from the store on every request and reloaded by the page every few seconds, so it follows a running search
/// and every worker writing to the same store. <c>/</c> is the report, <c>/experiment.json</c> the
/// <see cref="ExperimentDocument"/>. Bound to the loopback address unless told otherwise; it has no authentication.
/// </summary>
public sealed class Dashboard : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<IExperimentStore> _open;
    private readonly string? _directory;
    private readonly int _refreshSeconds;
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts serving at <paramref name="host"/>:<paramref name="port"/> (port 0: a free one).</summary>
    /// <param name="open">Opens the experiment's store read-only; called per request, the store disposed after it.</param>
    /// <param name="directory">The experiment's directory (for the report's pictures and a final training's result), or null.</param>
    /// <param name="host">The address to listen on: 127.0.0.1 by default; <c>*</c> for every interface.</param>
    /// <param name="port">The TCP port; 0 picks a free one.</param>
    /// <param name="refreshSeconds">How often the page reloads itself.</param>
    public Dashboard(Func<IExperimentStore> open, string? directory, string host = "127.0.0.1", int port = 0, int refreshSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        (_open, _directory, _refreshSeconds) = (open, directory, refreshSeconds);
        if (port == 0) port = FreePort();
        _listener.Prefixes.Add($"http://{(host == "0.0.0.0" ? "*" : host)}:{port}/");
        try { _listener.Start(); }
        catch (HttpListenerException e) { throw new NasUserException($"cannot listen on {host}:{port}: {e.Message}", e); }
        Address = new Uri($"http://{(host is "*" or "0.0.0.0" or "+" ? "127.0.0.1" : host)}:{port}/");
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Where the dashboard answers (for a server on every interface, its loopback address).</summary>
    public Uri Address { get; }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
            try { Answer(context); }
            catch (Exception e)
            {
                // A store that cannot be read right now (a writer mid-migration, a lost database) is the page's problem, not the server's.
                Write(context.Response, 500, "text/plain; charset=utf-8", $"error: {e.Message}\n");
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        string path = context.Request.Url?.AbsolutePath ?? "/";
        if (path is not ("/" or "/index.html" or "/experiment.json"))
        {
            Write(context.Response, 404, "text/plain; charset=utf-8", "not found: / is the report, /experiment.json the experiment as JSON\n");
            return;
        }
        using var store = _open();
        if (path == "/experiment.json")
        {
            Write(context.Response, 200, "application/json; charset=utf-8", ExperimentDocument.Json(store));
            return;
        }
        string html = HtmlReport.Render(store, _directory)
            .Replace("<head>", $"<head><meta http-equiv=\"refresh\" content=\"{_refreshSeconds}\">", StringComparison.Ordinal);
        Write(context.Response, 200, "text/html; charset=utf-8", html);
    }

    private static void Write(HttpListenerResponse response, int status, string type, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = type;
        response.Headers["Cache-Control"] = "no-store";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Stops serving.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { _serving.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
