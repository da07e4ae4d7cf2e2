using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Support;

/// <summary>
/// A real webhook receiver: Kestrel on a loopback port, as a host app would run one. It verifies every Standard Webhooks
/// signature against the secrets it is given, holds every body to the OpenAPI document's <c>webhooks</c> schemas (a
/// mismatch fails the test: <see cref="WaitForAsync"/> and disposal throw it), records what arrived, and answers what the
/// test scripts (status, delay).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Arrival(string Id, long Timestamp, string Signature, string Body, string UserAgent, string ContentType, bool Verified)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;
        public string Type => Json["type"]!.GetValue<string>();
        public JsonNode Data => Json["data"]!;
    }

    private readonly WebApplication _app;
    private int _failures;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    /// <summary>Every request, answered or not (attempts), in order.</summary>
    public ConcurrentQueue<Arrival> Attempts { get; } = new();

    /// <summary>The secrets a signature may verify against (the current one, and the previous during a rotation).</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>Bodies that did not match the document's schema for their event type, with what was wrong.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public TimeSpan Delay { get; set; }

    /// <summary>While set and not completed, every request waits on it before it is answered: an endpoint as slow as the test wants.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Answers the next <paramref name="count"/> requests with 500, then 200 again.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public static async Task<WebhookReceiver> StartAsync(int? port = null)
    {
        var chosen = port ?? ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{chosen}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, chosen);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = long.Parse(context.Request.Headers["webhook-timestamp"].ToString());
        var signature = context.Request.Headers["webhook-signature"].ToString();
        var arrival = new Arrival(id, timestamp, signature, body, context.Request.Headers.UserAgent.ToString(),
            context.Request.ContentType ?? "", Verify(Secrets.ToArray(), id, timestamp, body, signature));
        Attempts.Enqueue(arrival);
        if (await ContractConformance.CheckEventAsync(body) is { } violation) Violations.Enqueue(violation);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        if (Gate is { } gate) await gate.Task;
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        Interlocked.Exchange(ref _failures, 0);
        Arrivals.Enqueue(arrival);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The receiving side of the specification: any of the space-separated v1 signatures matching any secret.</summary>
    public static bool Verify(IEnumerable<string> secrets, string id, long timestamp, string body, string header)
    {
        var given = header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s.StartsWith("v1,")).Select(s => s[3..]).ToList();
        foreach (var secret in secrets)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
            if (given.Any(g => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(g), Encoding.ASCII.GetBytes(expected)))) return true;
        }

        return false;
    }

    /// <summary>Waits (up to 30 s) until <paramref name="done"/> holds over what arrived (requests answered, not failed).</summary>
    public Task WaitForAsync(Func<IReadOnlyList<Arrival>, bool> done, string what, Action? meanwhile = null) =>
        WaitAsync(() => done(Arrivals.ToList()), what, meanwhile);

    /// <summary>Waits (up to 30 s) until <paramref name="done"/> holds over every request received, answered or not.</summary>
    public Task WaitForAttemptsAsync(Func<IReadOnlyList<Arrival>, bool> done, string what) => WaitAsync(() => done(Attempts.ToList()), what, null);

    private async Task WaitAsync(Func<bool> done, string what, Action? meanwhile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            ThrowViolations();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited 30 s for {what}; arrived: {string.Join(", ", Arrivals.Select(a => a.Type))}");
            meanwhile?.Invoke();
            await Task.Delay(20);
        }

        ThrowViolations();
    }

    private void ThrowViolations()
    {
        if (!Violations.IsEmpty) throw new ContractViolationException("the receiver got " + string.Join("; ", Violations));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        ThrowViolations();
    }
}
