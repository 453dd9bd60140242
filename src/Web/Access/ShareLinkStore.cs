using System.Security.Cryptography;
using LiteDB;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using UNet3D.Lab.Web.Compare;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Web.Access;

/// <summary>
/// Read-only links for people without an account: the URL carries the link's id signed (and encrypted) by ASP.NET
/// Core Data Protection, so that nobody can make one up; the id names a record in LiteDB, so that deleting the
/// record revokes the link; the record may say until when the link works.
/// </summary>
public sealed class ShareLinkStore(LabDatabase database, IDataProtectionProvider protection, TimeProvider time)
{
    public const string CollectionName = "shareLinks";
    public const string PathPrefix = "/s/";

    private readonly IDataProtector protector = protection.CreateProtector("UNet3D.Lab.ShareLinks.v1");

    private ILiteCollection<BsonDocument> Links => database.Collection(CollectionName);

    public (ShareLinkRecord Link, string Token) Create(string kind, string objectId, string createdBy, TimeSpan? lifetime)
    {
        if (!SharedObjects.Kinds.Contains(kind)) throw new ArgumentException($"'{kind}' is not a kind of shared object ({string.Join(", ", SharedObjects.Kinds)}).", nameof(kind));
        if (kind == SharedObjects.Comparison) CheckComparison(objectId);
        var now = time.GetUtcNow();
        var link = new ShareLinkRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), kind, objectId, createdBy, now, now + lifetime);
        Links.Insert(new BsonDocument
        {
            ["_id"] = link.Id,
            ["kind"] = link.Kind,
            ["objectId"] = link.ObjectId,
            ["createdBy"] = link.CreatedBy,
            ["created"] = link.Created.UtcDateTime,
            ["expires"] = link.Expires is { } expires ? expires.UtcDateTime : BsonValue.Null,
        });
        return (link, TokenOf(link.Id));
    }

    /// <summary>A comparison link names its view as the compare page writes it: runs, no bad value, nothing left to read differently.</summary>
    private static void CheckComparison(string query)
    {
        var (parsed, problems) = CompareQueryParameters.Parse(QueryHelpers.ParseQuery(query));
        if (problems.Count > 0)
            throw new ArgumentException($"'{query}' is not a compare view's query: {string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"))}.", nameof(query));
        if (!parsed.HasRuns) throw new ArgumentException($"The compare view '{query}' names no runs (ids=… or ablation=…).", nameof(query));
        if (CompareQueryParameters.Format(parsed) != query)
            throw new ArgumentException($"'{query}' is not written as the compare page writes it ('{CompareQueryParameters.Format(parsed)}').", nameof(query));
    }

    public string TokenOf(string id) => protector.Protect(id);

    public string PathOf(string id) => PathPrefix + Uri.EscapeDataString(TokenOf(id));

    /// <summary>The links to one object, newest first.</summary>
    public IReadOnlyList<ShareLinkRecord> List(string kind, string objectId) =>
        [.. Links.Find(Query.And(Query.EQ("kind", kind), Query.EQ("objectId", objectId))).Select(ToLink).OrderByDescending(l => l.Created)];

    public bool Revoke(string id) => Links.Delete(id);

    /// <summary>The link a token names if it is genuine, not revoked and not expired; else null.</summary>
    public ShareLinkRecord? Open(string token)
    {
        string id;
        try
        {
            id = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        return Find(id);
    }

    /// <summary>The link of that id while it works (not revoked, not expired); else null.</summary>
    public ShareLinkRecord? Find(string id) =>
        Links.FindById(id) is { } document && ToLink(document) is var link && (link.Expires is null || link.Expires > time.GetUtcNow()) ? link : null;

    private static ShareLinkRecord ToLink(BsonDocument document) =>
        new(document["_id"].AsString, document["kind"].AsString, document["objectId"].AsString, document["createdBy"].AsString,
            new DateTimeOffset(document["created"].AsDateTime.ToUniversalTime()),
            document["expires"].IsNull ? null : new DateTimeOffset(document["expires"].AsDateTime.ToUniversalTime()));
}
