//! Types that contain themselves: a struct that holds itself without a `Vec` in between has
//! no finite size, and an alias that names itself (even through an array) is a cycle Rust
//! refuses. Both are found in time linear in the schema (strongly connected components), so
//! that a long chain of aliases costs no more than its length.

use super::Context;
use crate::error::SchemaError;
use crate::ir::{FieldShape, Module, TypeId, TypeKind, TypeRef};

impl Context<'_> {
    pub(super) fn refuse_infinite_types(&self, module: &Module) -> Result<(), SchemaError> {
        let sized = graph(module, Edges::Size);
        if let Some(id) = first_on_cycle(&sized) {
            let def = module.get(id);
            return Err(self.error(
                &def.pointer,
                format!("`{}` contains itself without an array in between, so it would have no finite size", def.name),
            ));
        }
        let aliases = graph(module, Edges::Alias);
        if let Some(id) = first_on_cycle(&aliases) {
            let def = module.get(id);
            return Err(self.error(
                &def.pointer,
                format!("the alias `{}` refers to itself: define an object type under `$defs` to hold the recursion", def.name),
            ));
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Edges {
    /// What a value holds directly (not through an array).
    Size,
    /// Which aliases an alias names, at any depth of arrays.
    Alias,
}

fn graph(module: &Module, edges: Edges) -> Vec<Vec<usize>> {
    fn named(ty: &TypeRef, through_arrays: bool, out: &mut Vec<usize>) {
        match ty {
            TypeRef::Named(TypeId(id)) => out.push(*id),
            TypeRef::Array(item) if through_arrays => named(item, through_arrays, out),
            _ => {}
        }
    }
    let is_alias = |id: usize| matches!(module.types[id].kind, TypeKind::Alias(_));
    module
        .types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            match (&def.kind, edges) {
                (TypeKind::Struct(s), Edges::Size) => {
                    for field in &s.fields {
                        if let FieldShape::Value(value) = &field.shape {
                            named(&value.ty, false, &mut out);
                        }
                    }
                }
                (TypeKind::Alias(ty), Edges::Size) => named(ty, false, &mut out),
                (TypeKind::TaggedUnion(union), Edges::Size) => {
                    out.extend(union.variants.iter().map(|v| v.ty.0));
                }
                (TypeKind::Alias(ty), Edges::Alias) => {
                    named(ty, true, &mut out);
                    out.retain(|id| is_alias(*id));
                }
                _ => {}
            }
            out
        })
        .collect()
}

/// The first node, in index order, that lies on a cycle (Tarjan's algorithm, without recursion).
fn first_on_cycle(edges: &[Vec<usize>]) -> Option<TypeId> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut on_cycle = vec![false; n];
    let mut next = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // (node, how many of its edges were followed)
        let mut work = vec![(start, 0usize)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if w == v {
                    on_cycle[v] = true;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    for w in component {
                        on_cycle[w] = true;
                    }
                }
            }
        }
    }
    on_cycle.iter().position(|c| *c).map(TypeId)
}

#[cfg(test)]
mod tests {
    use super::first_on_cycle;
    use crate::ir::TypeId;

    #[test]
    fn cycles_are_found_and_chains_are_not_cycles() {
        assert_eq!(first_on_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(
            first_on_cycle(&[vec![1], vec![2], vec![1]]),
            Some(TypeId(1))
        );
        assert_eq!(first_on_cycle(&[vec![], vec![1]]), Some(TypeId(1)));
        let chain: Vec<Vec<usize>> = (0..100_000).map(|i| vec![i + 1]).chain([vec![]]).collect();
        assert_eq!(first_on_cycle(&chain), None);
    }
}
