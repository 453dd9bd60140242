using System.Security.Cryptography;
using LiteDB;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Web.Access;

/// <summary>
/// API tokens for <c>Authorization: Bearer …</c>: 32 random bytes, of which the store keeps only the SHA-256 (a
/// token with that much entropy needs no slow hash), so that a copy of <c>lab.db</c> gives no working token.
/// </summary>
public sealed class ApiTokenStore(LabDatabase database)
{
    public const string CollectionName = "apiTokens";
    public const string Prefix = "lab_";
    public const int MaxLabelLength = 100;

    private ILiteCollection<BsonDocument> Tokens
    {
        get
        {
            var tokens = database.Collection(CollectionName);
            tokens.EnsureIndex("hash", unique: true);
            return tokens;
        }
    }

    /// <summary>A new token of the account: its record and the secret, to show once.</summary>
    public (ApiToken Token, string Secret) Create(string account, string label)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(Base64Url(RandomNumberGenerator.GetBytes(9)), account, Trimmed(label), DateTimeOffset.UtcNow);
        Tokens.Insert(new BsonDocument
        {
            ["_id"] = token.Id,
            ["hash"] = Hash(secret),
            ["account"] = token.Account,
            ["label"] = token.Label,
            ["created"] = token.Created.UtcDateTime,
        });
        return (token, secret);
    }

    public IReadOnlyList<ApiToken> List(string account) =>
        [.. Tokens.Find(Query.EQ("account", account)).Select(ToToken).OrderBy(t => t.Created)];

    /// <summary>Revokes the account's token; false when it has no such token.</summary>
    public bool Revoke(string account, string id) =>
        Tokens.FindById(id) is { } document && document["account"].AsString == account && Tokens.Delete(id);

    public int RevokeAll(string account) => Tokens.DeleteMany(Query.EQ("account", account));

    /// <summary>The token the secret belongs to, or null (unknown or revoked).</summary>
    public ApiToken? Find(string secret) =>
        secret.StartsWith(Prefix, StringComparison.Ordinal) && Tokens.FindOne(Query.EQ("hash", Hash(secret))) is { } document ? ToToken(document) : null;

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);

    private static string Trimmed(string label)
    {
        label = label.Trim();
        return label.Length > MaxLabelLength ? label[..MaxLabelLength] : label;
    }

    private static ApiToken ToToken(BsonDocument document) =>
        new(document["_id"].AsString, document["account"].AsString, document["label"].AsString,
            new DateTimeOffset(document["created"].AsDateTime.ToUniversalTime()));
}
