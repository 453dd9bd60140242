using LiteDB;
using Microsoft.AspNetCore.Identity;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Web.Access;

/// <summary>
/// The lab's accounts in its LiteDB file: a name, a role and the password as ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> stores it (PBKDF2 with a random salt), never the password itself.
/// </summary>
public sealed class AccountStore(LabDatabase database)
{
    public const string CollectionName = "accounts";
    public const int MinPasswordLength = 8;
    public const int MaxNameLength = 64;

    private static readonly PasswordHasher<LabAccount> Hasher = new();

    private ILiteCollection<BsonDocument> Accounts => database.Collection(CollectionName);

    public int Count() => Accounts.Count();

    public IReadOnlyList<LabAccount> List() => [.. Accounts.FindAll().Select(ToAccount).OrderBy(a => a.Name, StringComparer.Ordinal)];

    public LabAccount? Find(string name) => Accounts.FindById(Key(name)) is { } document ? ToAccount(document) : null;

    /// <summary>Adds the account, or says why not (bad name, role or password, or the name taken).</summary>
    public string? Add(string name, string role, string password)
    {
        if (Problem(name, role, password) is { } problem) return problem;
        var account = new LabAccount(name.Trim(), LabRoles.Parse(role)!, DateTimeOffset.UtcNow);
        var document = new BsonDocument
        {
            ["_id"] = Key(account.Name),
            ["name"] = account.Name,
            ["role"] = account.Role,
            ["passwordHash"] = Hasher.HashPassword(account, password),
            ["created"] = account.Created.UtcDateTime,
        };
        return Accounts.Insert(document) is null ? $"An account named '{account.Name}' exists already." : null;
    }

    public bool Remove(string name) => Accounts.Delete(Key(name));

    public bool SetRole(string name, string role)
    {
        if (LabRoles.Parse(role) is not { } parsed || Accounts.FindById(Key(name)) is not { } document) return false;
        document["role"] = parsed;
        return Accounts.Update(document);
    }

    /// <summary>The account if the password is its own; null for an unknown name or a wrong password.</summary>
    public LabAccount? Verify(string name, string password)
    {
        if (string.IsNullOrEmpty(name) || Accounts.FindById(Key(name)) is not { } document) return null;
        var account = ToAccount(document);
        var result = Hasher.VerifyHashedPassword(account, document["passwordHash"].AsString, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            document["passwordHash"] = Hasher.HashPassword(account, password);
            Accounts.Update(document);
        }
        return result == PasswordVerificationResult.Failed ? null : account;
    }

    public static string? Problem(string? name, string? role, string? password)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl))
            return $"name '{name}' must be 1 to {MaxNameLength} printable characters.";
        if (LabRoles.Parse(role) is null) return $"role '{role}' is not one of {string.Join(", ", LabRoles.All)}.";
        if (password is null || password.Length < MinPasswordLength) return $"password must be at least {MinPasswordLength} characters.";
        return null;
    }

    // Names are compared without case, so that "Alice" and "alice" are one person.
    private static string Key(string name) => name.Trim().ToLowerInvariant();

    private static LabAccount ToAccount(BsonDocument document) =>
        new(document["name"].AsString, document["role"].AsString, new DateTimeOffset(document["created"].AsDateTime.ToUniversalTime()));
}
