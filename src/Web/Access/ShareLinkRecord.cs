namespace UNet3D.Lab.Web.Access;

/// <summary>A read-only link as the lab keeps it: what it opens, who made it, until when. Revoking deletes it.</summary>
public sealed record ShareLinkRecord(string Id, string Kind, string ObjectId, string CreatedBy, DateTimeOffset Created, DateTimeOffset? Expires);
