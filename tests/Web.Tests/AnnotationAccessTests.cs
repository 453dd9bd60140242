using System.Net;
using UNet3D.Lab.Web.Access;
using static UNet3D.Lab.Web.Tests.AnnotationTestVolumes;

namespace UNet3D.Lab.Web.Tests;

/// <summary>Annotating is editing: viewers read slices, editors save and remove them (removing other things needs an admin).</summary>
public sealed class AnnotationAccessTests(AccessLabFixture fixture) : IClassFixture<AccessLabFixture>
{
    [Fact]
    public async Task Viewers_read_annotations_and_editors_save_and_remove_them()
    {
        using var editor = fixture.ClientAs(LabRoles.Editor);
        using var viewer = fixture.ClientAs(LabRoles.Viewer);
        var id = await ImportUnlabeled(editor, 6, 5, 4, "access");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync($"/api/datasets/{id}/annotations/z/1", Gray(6, 5, (_, _) => 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsync($"/api/datasets/{id}/annotations/z/1", Gray(6, 5, (_, _) => 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/datasets/{id}/annotations/z/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/datasets/{id}/annotations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/datasets/{id}/annotations/z/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/datasets/{id}/train", AccessLabFixture.Json("""{"preset":"smoke"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/datasets/{id}/annotations/z/1")).StatusCode);
    }
}
