using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// The signing keys of the host's identity provider (<see cref="AuthOptions.Authority"/>), from its discovery document and
/// JWKS. They are fetched before the first token from the provider is checked, again when a token names a key id they do not
/// hold (the provider rotated: a key it added is accepted without a restart), and again when they are older than
/// <see cref="MaxAge"/>; a fetch replaces the whole set, so a key the provider dropped is refused from then on. Whatever asks,
/// the keys are fetched at most once per <see cref="AuthOptions.KeyRefreshInterval"/> (by the service's clock), so tokens with
/// made-up key ids cannot make the service hammer the provider; requests that need a fetch meanwhile wait for the same one.
/// A failed fetch keeps the keys held before it.
/// </summary>
public sealed class ProviderKeys(IOptions<AuthOptions> options, TimeProvider time, IHttpClientFactory clients, ILogger<ProviderKeys> logger)
{
    public const string HttpClientName = "identity-provider";

    /// <summary>Keys older than this are fetched again even if no token asks for a new one, so a dropped key does not linger.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    /// <summary>The algorithms of the provider's tokens; HS256 is the shared key's alone.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    private sealed record Key(string? Id, string? Algorithm, SecurityKey Value);

    private sealed record KeySet(string Issuer, IReadOnlyList<Key> Keys, DateTimeOffset FetchedAt);

    private readonly Lock _lock = new();
    private KeySet? _current;
    private DateTimeOffset? _lastFetch;
    private Task? _fetching;

    /// <summary>The issuer the discovery document names (the tokens' <c>iss</c>), once fetched.</summary>
    public string? Issuer => Volatile.Read(ref _current)?.Issuer;

    /// <summary>The held keys that may have signed a token of <paramref name="algorithm"/> with key id <paramref name="keyId"/>.</summary>
    public IEnumerable<SecurityKey> For(string algorithm, string? keyId)
    {
        if (Volatile.Read(ref _current) is not { } current) return [];
        return current.Keys
            .Where(k => keyId is null || k.Id == keyId)
            .Where(k => k.Algorithm is null || k.Algorithm == algorithm)
            .Select(k => k.Value)
            .ToArray();
    }

    /// <summary>
    /// Before a token from the provider is checked: fetches the keys when none are held yet, when the token's key id is not
    /// among them, or when they are older than <see cref="MaxAge"/>, unless a fetch happened within the refresh interval.
    /// </summary>
    public Task RefreshIfNeededAsync(string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = Volatile.Read(ref _current);
        var needed = current is null || now - current.FetchedAt >= MaxAge || (keyId is not null && current.Keys.All(k => k.Id != keyId));
        if (!needed) return Task.CompletedTask;

        Task fetching;
        lock (_lock)
        {
            if (_fetching is null)
            {
                if (_lastFetch is { } last && now - last < options.Value.KeyRefreshInterval) return Task.CompletedTask;
                _lastFetch = now;
                _fetching = Task.Run(FetchAsync, CancellationToken.None);
            }

            fetching = _fetching;
        }

        return fetching.WaitAsync(cancellationToken);
    }

    private async Task FetchAsync()
    {
        var auth = options.Value;
        var address = auth.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        try
        {
            var retriever = new HttpDocumentRetriever(clients.CreateClient(HttpClientName)) { RequireHttps = auth.RequireHttpsMetadata };
            var document = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, CancellationToken.None);

            // OpenID Connect Discovery 1.0 §4.3: the issuer in the document is the one it was fetched for, else it is not used.
            if (document.Issuer is null || document.Issuer.TrimEnd('/') != auth.Authority.TrimEnd('/'))
            {
                logger.LogError("The identity provider's discovery document at {Address} names the issuer {Issuer}, not Auth:Authority {Authority}: its keys are not used",
                    address, document.Issuer, auth.Authority);
                return;
            }

            var keys = new List<Key>();
            foreach (var jwk in document.JsonWebKeySet?.Keys ?? [])
            {
                // Signing keys of the provider's algorithms only: no encryption key, and never a symmetric one.
                if (jwk.Use is not (null or "sig") || jwk.Kty is not ("RSA" or "EC")) continue;
                if (jwk.Alg is not null && !Algorithms.Contains(jwk.Alg)) continue;
                if (JsonWebKeyConverter.TryConvertToSecurityKey(jwk, out var key)) keys.Add(new Key(jwk.Kid, jwk.Alg, key));
            }

            var previous = Volatile.Read(ref _current);
            Volatile.Write(ref _current, new KeySet(document.Issuer, keys, time.GetUtcNow()));
            var ids = string.Join(", ", keys.Select(k => k.Id ?? "(no kid)"));
            if (previous is null || string.Join(", ", previous.Keys.Select(k => k.Id ?? "(no kid)")) != ids)
            {
                logger.LogInformation("Signing keys of {Issuer}: {KeyIds}", document.Issuer, keys.Count == 0 ? "none" : ids);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not fetch the identity provider's keys from {Address} ({Reason}); the keys held before are kept",
                address, ex.InnerException?.Message ?? ex.Message);
        }
        finally
        {
            lock (_lock) _fetching = null;
        }
    }
}
