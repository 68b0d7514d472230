// Codegen, step 3: stop the embedded PostgreSQL started in step 1.
def pg = project.getContextValue('claimmatrix.codegen.postgres')
if (pg != null) {
    pg.close()
    project.setContextValue('claimmatrix.codegen.postgres', null)
}
